using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// The remote shell scripts of the release layout. They run as <c>sh -s -- ARGS</c> with the script on standard input, so
/// only the (validated, quoted) arguments pass through the remote shell's word splitting.
/// </summary>
/// <remarks>
/// <para>Layout for doc root <c>/home/u/htdocs/example.com</c>: releases in the hidden sibling
/// <c>/home/u/htdocs/.example.com.releases/{id}</c>, and the doc root itself a relative symlink to the live release. nginx's
/// root path never changes; <c>mv -T</c> (rename(2)) swaps the symlink atomically, so a request resolves either the whole
/// old tree or the whole new one. On the first deploy CloudPanel's doc root is a real directory: it is moved into the
/// releases as <c>00000000T000000Z-initial</c> (a window of two renames in which the doc root is briefly absent; only the
/// placeholder page was ever served from it).</para>
/// <para>Uploads go to <c>.partial-{id}</c> and are renamed to <c>{id}</c> by the switch, so an upload that failed half way
/// never counts as a release. <c>.history</c> is the stack of releases that were live: a switch pushes, a rollback pops
/// and goes to the new top, so a rollback returns to what was live before (never to a release that was rolled back from
/// or never went live), and pruning keeps that path. A rollback writes its target to <c>.op-{operation}</c> before it
/// acts, so a retried rollback finishes the same switch instead of going back one more release.</para>
/// </remarks>
internal static class ReleaseScripts
{
    public const string InitialRelease = DeployResult.PlaceholderReleaseId;

    /// <summary>
    /// Args: parent, name, id. Creates the releases directory; a complete earlier upload of <c>id</c> that never went live
    /// becomes the partial upload again (rsync brings it up to date). Prints <c>current=ID</c> (empty on first deploy).
    /// </summary>
    public const string Prepare = """
        set -eu
        parent="$1"; name="$2"; id="$3"
        cd "$parent"
        rel=".$name.releases"
        mkdir -p "$rel"
        cur=""
        if [ -L "$name" ]; then cur=$(basename "$(readlink "$name")"); fi
        if [ "$cur" != "$id" ] && [ -d "$rel/$id" ] && [ ! -e "$rel/.partial-$id" ]; then mv -T "$rel/$id" "$rel/.partial-$id"; fi
        echo "current=$cur"
        """;

    /// <summary>Args: parent, name. Prints <c>current=ID</c> (empty when no release is live); changes nothing.</summary>
    public const string Current = """
        set -eu
        parent="$1"; name="$2"
        cd "$parent"
        cur=""
        if [ -L "$name" ]; then cur=$(basename "$(readlink "$name")"); fi
        echo "current=$cur"
        """;

    /// <summary>Args: parent, name, id, keep. Completes the upload, switches atomically, records it, prunes, prints state.</summary>
    public const string Switch = """
        set -eu
        parent="$1"; name="$2"; id="$3"; keep="$4"
        cd "$parent"
        rel=".$name.releases"
        hist="$rel/.history"
        if [ ! -d "$rel/$id" ]; then
          [ -d "$rel/.partial-$id" ] || { echo "release $id is not on the server" >&2; exit 70; }
          mv -T "$rel/.partial-$id" "$rel/$id"
        fi
        rm -f "$rel/.partial-$id.built"
        touch "$hist"
        prev=""
        if [ -L "$name" ]; then
          prev=$(basename "$(readlink "$name")")
        elif [ -e "$name" ]; then
          mv -T "$name" "$rel/__INITIAL__"
          prev="__INITIAL__"
        fi
        if [ -n "$prev" ] && [ ! -s "$hist" ]; then echo "$prev" > "$hist"; fi
        if [ "$prev" != "$id" ]; then
          ln -sfn "$rel/$id" "$name.wf-tmp.$$"
          mv -T "$name.wf-tmp.$$" "$name"
          echo "$id" >> "$hist"
        fi
        tail -n 200 "$hist" > "$hist.wf-tmp.$$"; mv -f "$hist.wf-tmp.$$" "$hist"
        keepers=$(tail -n "$keep" "$hist")
        ls -1 "$rel" | while read -r old; do
          if [ "$old" != "$id" ] && ! printf '%s\n' "$keepers" | grep -qxF -- "$old"; then rm -rf "${rel:?}/$old"; fi
        done
        find "$rel" -maxdepth 1 -name '.partial-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
        echo "previous=$prev"
        echo "current=$id"
        ls -1 "$rel" | sort | sed 's/^/release=/'
        """;

    /// <summary>
    /// Args: parent, name, operation. Pops the live release off the history and switches to the one before it. Refuses
    /// (exit 72, before it writes anything) when there is none or it is CloudPanel's placeholder, which is not a release:
    /// going back to it would take the site offline, and the next deploy would prune the only real release.
    /// </summary>
    public const string Rollback = """
        set -eu
        parent="$1"; name="$2"; op="$3"
        cd "$parent"
        rel=".$name.releases"
        hist="$rel/.history"
        [ -L "$name" ] || { echo "no release is live at $parent/$name" >&2; exit 71; }
        cur=$(basename "$(readlink "$name")")
        marker="$rel/.op-$op"
        touch "$hist"
        if [ -f "$marker" ]; then
          target=$(cat "$marker")
        else
          [ -s "$hist" ] || echo "$cur" > "$hist"
          [ "$(tail -n 1 "$hist")" = "$cur" ] || echo "$cur" >> "$hist"
          target=""
          if [ "$(wc -l < "$hist")" -ge 2 ]; then target=$(tail -n 2 "$hist" | head -n 1); fi
          if [ -z "$target" ] || [ "$target" = "$cur" ] || [ "$target" = "__INITIAL__" ] || [ ! -d "$rel/$target" ]; then
            echo "there is no earlier release than $cur to roll back to (CloudPanel's placeholder page is not a release); the live site is unchanged" >&2; exit 72
          fi
          echo "$target" > "$marker.wf-tmp.$$"; mv -f "$marker.wf-tmp.$$" "$marker"
        fi
        if [ "$(tail -n 1 "$hist")" != "$target" ]; then
          head -n -1 "$hist" > "$hist.wf-tmp.$$"; mv -f "$hist.wf-tmp.$$" "$hist"
        fi
        prev=""
        if [ "$cur" != "$target" ]; then
          ln -sfn "$rel/$target" "$name.wf-tmp.$$"
          mv -T "$name.wf-tmp.$$" "$name"
          prev="$cur"
        fi
        find "$rel" -maxdepth 1 -name '.op-*' -mtime +7 -exec rm -f {} + 2>/dev/null || true
        echo "previous=$prev"
        echo "current=$target"
        ls -1 "$rel" | sort | sed 's/^/release=/'
        """;

    /// <summary>The switch script's exit code (as the deployers' vendor code) when the release is not on the server.</summary>
    public const string ReleaseMissingExit = "70";

    /// <summary>
    /// The error of a switch to a release the server does not hold (never built, or its unfinished build was swept after a
    /// day). Transient: the deploy step's retry builds it again.
    /// </summary>
    public static ProviderException ReleaseMissing(string provider, DeployTarget target, string releaseId) =>
        new(provider, ProviderErrorKind.Transient, $"Release {releaseId} is not on {target.User}@{target.Host}:{target.Port} (not built there, or swept); the live site is unchanged.", vendorCode: "release-missing");

    public static string SwitchScript => Switch.Replace("__INITIAL__", InitialRelease, StringComparison.Ordinal);

    public static string RollbackScript => Rollback.Replace("__INITIAL__", InitialRelease, StringComparison.Ordinal);
}
