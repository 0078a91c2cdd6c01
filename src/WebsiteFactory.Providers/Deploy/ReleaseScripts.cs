namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// The remote shell scripts of the release layout. They run as <c>sh -s -- ARGS</c> with the script on standard input, so
/// only the (validated, quoted) arguments pass through the remote shell's word splitting.
/// </summary>
/// <remarks>
/// Layout for doc root <c>/home/u/htdocs/example.com</c>: releases in the hidden sibling
/// <c>/home/u/htdocs/.example.com.releases/{id}</c>, and the doc root itself a relative symlink to the live release. nginx's
/// root path never changes; <c>mv -T</c> (rename(2)) swaps the symlink atomically, so a request resolves either the whole
/// old tree or the whole new one. On the first deploy CloudPanel's doc root is a real directory: it is moved into the
/// releases as <c>00000000T000000Z-initial</c> (a window of two renames in which the doc root is briefly absent; only the
/// placeholder page was ever served from it).
/// </remarks>
internal static class ReleaseScripts
{
    public const string InitialRelease = "00000000T000000Z-initial";

    /// <summary>Args: parent, name. Creates the releases directory, prints <c>current=ID</c> (empty on first deploy).</summary>
    public const string Prepare = """
        set -eu
        parent="$1"; name="$2"
        cd "$parent"
        mkdir -p ".$name.releases"
        cur=""
        if [ -L "$name" ]; then cur=$(basename "$(readlink "$name")"); fi
        echo "current=$cur"
        """;

    /// <summary>Args: parent, name, id, keep. Switches atomically, prunes, prints state.</summary>
    public const string Switch = """
        set -eu
        parent="$1"; name="$2"; id="$3"; keep="$4"
        cd "$parent"
        rel=".$name.releases"
        [ -d "$rel/$id" ] || { echo "release $id is not on the server" >&2; exit 70; }
        prev=""
        if [ -L "$name" ]; then
          prev=$(basename "$(readlink "$name")")
        elif [ -e "$name" ]; then
          mv -T "$name" "$rel/__INITIAL__"
          prev="__INITIAL__"
        fi
        ln -sfn "$rel/$id" "$name.wf-tmp.$$"
        mv -T "$name.wf-tmp.$$" "$name"
        ls -1 "$rel" | sort | head -n -"$keep" | while read -r old; do
          if [ "$old" != "$id" ]; then rm -rf "${rel:?}/$old"; fi
        done
        echo "previous=$prev"
        echo "current=$id"
        ls -1 "$rel" | sort | sed 's/^/release=/'
        """;

    /// <summary>Args: parent, name. Switches to the release before the live one.</summary>
    public const string Rollback = """
        set -eu
        parent="$1"; name="$2"
        cd "$parent"
        rel=".$name.releases"
        [ -L "$name" ] || { echo "no release is live at $parent/$name" >&2; exit 71; }
        cur=$(basename "$(readlink "$name")")
        prev=$(ls -1 "$rel" | sort | awk -v c="$cur" '$0 < c' | tail -n 1)
        [ -n "$prev" ] || { echo "there is no release before $cur" >&2; exit 72; }
        ln -sfn "$rel/$prev" "$name.wf-tmp.$$"
        mv -T "$name.wf-tmp.$$" "$name"
        echo "previous=$cur"
        echo "current=$prev"
        ls -1 "$rel" | sort | sed 's/^/release=/'
        """;

    public static string SwitchScript => Switch.Replace("__INITIAL__", InitialRelease, StringComparison.Ordinal);
}
