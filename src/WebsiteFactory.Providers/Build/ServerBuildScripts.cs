namespace WebsiteFactory.Providers.Build;

/// <summary>
/// The fixed scripts of a build on the site's server (<see cref="ServerSiteBuilder"/>). They run as
/// <c>sh -c SCRIPT sh ARGS</c>; every argument is a validated value (paths of <c>[A-Za-z0-9._/-]</c>, hex hashes, release
/// ids, numbers, an https URL of a validated domain) and POSIX-quoted. No secret is ever an argument.
/// </summary>
/// <remarks>
/// <para>Server layout, beside the release layout of <c>ReleaseScripts</c>:</para>
/// <code>
/// {cache}/templates/{hash}        one template version (uploaded by SFTP into .upload-*, renamed here when complete)
/// {cache}/deps/{lockHash}         node_modules installed once per package.json + package-lock.json (into .tmp-*, renamed)
/// {cache}/jobs/{id}-{nonce}       one build: site.json, logs, work tree (removed when the build ends, swept after a day)
/// {cache}/locks/build-{n}         flock slots: at most MaxConcurrentBuilds builds per server, whoever started them
/// {parent}/.{name}.releases/.partial-{id}        the finished build, renamed into place whole (a staged copy before)
/// {parent}/.{name}.releases/.partial-{id}.built  written after that rename: the build is complete and may go live
/// </code>
/// <para>The switch (<c>ReleaseScripts.Switch</c>) renames <c>.partial-{id}</c> to <c>{id}</c> and swaps the symlink, exactly as
/// after an rsync upload; unswitched builds and their markers are swept after a day like any partial upload.</para>
/// </remarks>
internal static class ServerBuildScripts
{
    /// <summary>Exit code: the configured or found Node.js is missing, so nothing was built.</summary>
    public const int NodeMissingExit = 81;

    /// <summary>Exit code: <c>npm install</c> failed.</summary>
    public const int InstallFailedExit = 82;

    /// <summary>Exit code: <c>astro build</c> failed.</summary>
    public const int BuildFailedExit = 83;

    /// <summary>Exit code: the template version is not on the server (and no upload was given).</summary>
    public const int TemplateMissingExit = 84;

    /// <summary>Exit code: the build produced no <c>index.html</c>.</summary>
    public const int NoIndexExit = 85;

    /// <summary>Exit code: the finished build could not be put in place.</summary>
    public const int NotStagedExit = 86;

    /// <summary>Exit code: no build slot became free in time.</summary>
    public const int BusyExit = 75;

    /// <summary>Exit code of <c>timeout</c> when it stopped the command.</summary>
    public const int TimedOutExit = 124;

    /// <summary>Args: parent, name, id. Prints <c>state=missing|built|released|live</c> and, unless missing, <c>files=N</c>.</summary>
    public const string Find = """
        set -u
        parent="$1"; name="$2"; id="$3"
        rel="$parent/.$name.releases"
        cur=""
        if [ -L "$parent/$name" ]; then cur=$(basename "$(readlink "$parent/$name")"); fi
        dir=""
        if [ "$cur" = "$id" ] && [ -d "$rel/$id" ]; then state=live; dir="$rel/$id"
        elif [ -d "$rel/$id" ]; then state=released; dir="$rel/$id"
        elif [ -d "$rel/.partial-$id" ] && [ -f "$rel/.partial-$id.built" ]; then state=built; dir="$rel/.partial-$id"
        else state=missing
        fi
        echo "state=$state"
        if [ -n "$dir" ]; then echo "files=$(find "$dir" -type f | wc -l)"; fi
        """;

    /// <summary>
    /// Args: node directory (empty: PATH), cache (empty: <c>$HOME/.cache/website-factory</c>), template hash. Creates the
    /// cache directories; prints <c>cache=</c>, <c>node=</c> (version, empty when missing), <c>npm=yes|</c>,
    /// <c>missing=</c> (other tools the build needs) and <c>template=present|absent</c>.
    /// </summary>
    public const string Probe = """
        set -u
        nodedir="$1"; cache="$2"; tpl_hash="$3"
        [ -n "$cache" ] || cache="$HOME/.cache/website-factory"
        echo "cache=$cache"
        if [ -n "$nodedir" ]; then
          PATH="$nodedir:$PATH"; export PATH
          node="$nodedir/node"; npm="$nodedir/npm"
          [ -x "$node" ] || node=""
          [ -x "$npm" ] || npm=""
        else
          node=$(command -v node 2>/dev/null || true)
          npm=$(command -v npm 2>/dev/null || true)
        fi
        if [ -n "$node" ]; then echo "node=$("$node" --version 2>/dev/null || echo unusable)"; else echo "node="; fi
        if [ -n "$npm" ]; then echo "npm=yes"; else echo "npm="; fi
        missing=""
        for t in timeout flock find; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
        echo "missing=$missing"
        mkdir -p "$cache/templates" "$cache/deps" "$cache/jobs" "$cache/locks" || { echo "cannot create $cache" >&2; exit 80; }
        if [ -d "$cache/templates/$tpl_hash" ]; then echo "template=present"; else echo "template=absent"; fi
        """;

    /// <summary>
    /// Args: node directory, cache, template hash, upload (a <c>.upload-*</c> name under templates, or empty), dependency key,
    /// job directory (holding <c>site.json</c>), parent, name, id, install seconds, build seconds, slots, queue seconds, site
    /// URL (<c>https://{domain}</c>: the template writes the site under <c>dist/{domain}</c>). Adopts the uploaded template, takes a build slot, installs dependencies once per lockfile, runs
    /// <c>npm run build</c> in a copy of the template, and renames the output into <c>.partial-{id}</c> whole. Prints
    /// <c>files=N</c>. A failure leaves no release and changes nothing live.
    /// </summary>
    public const string Build = """
        set -eu
        umask 022
        nodedir="$1"; cache="$2"; tpl_hash="$3"; upload="$4"; deps_key="$5"; job="$6"; parent="$7"; name="$8"; id="$9"
        shift 9
        install_secs="$1"; build_secs="$2"; slots="$3"; queue_secs="$4"; site_url="$5"
        trap 'rm -rf "$job"' EXIT
        if [ -n "$nodedir" ]; then PATH="$nodedir:$PATH"; export PATH; fi
        command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "node or npm is not on the PATH" >&2; exit 81; }

        tpl="$cache/templates/$tpl_hash"
        if [ ! -d "$tpl" ]; then
          [ -n "$upload" ] && [ -d "$cache/templates/$upload" ] || { echo "template $tpl_hash is not on the server" >&2; exit 84; }
          # Whole or not at all; a concurrent upload of the same version may have won the rename.
          mv -T "$cache/templates/$upload" "$tpl" 2>/dev/null || rm -rf "$cache/templates/$upload"
        elif [ -n "$upload" ]; then
          rm -rf "$cache/templates/$upload"
        fi

        # At most $slots builds at once on this server, whichever worker started them.
        i=0; got=""
        while [ "$i" -lt "$slots" ]; do
          exec 9>"$cache/locks/build-$i"
          if flock -n 9; then got=1; break; fi
          i=$((i + 1))
        done
        if [ -z "$got" ]; then
          exec 9>"$cache/locks/build-$(( $$ % slots ))"
          flock -w "$queue_secs" 9 || { echo "no build slot became free within $queue_secs s" >&2; exit 75; }
        fi

        deps="$cache/deps/$deps_key"
        if [ ! -d "$deps" ]; then
          tmp="$cache/deps/.tmp-$$"
          rm -rf "$tmp"; mkdir -p "$tmp"
          cp "$tpl/package.json" "$tmp/"
          if [ -f "$tpl/package-lock.json" ]; then cp "$tpl/package-lock.json" "$tmp/"; fi
          rc=0
          (cd "$tmp" && ASTRO_TELEMETRY_DISABLED=1 CI=1 timeout -k 10 "$install_secs" npm install --no-audit --no-fund --ignore-scripts --no-save --loglevel=error) > "$job/install.log" 2>&1 || rc=$?
          if [ "$rc" -ne 0 ]; then
            tail -n 15 "$job/install.log" >&2; rm -rf "$tmp"
            if [ "$rc" -eq 124 ]; then exit 124; fi
            exit 82
          fi
          mv -T "$tmp" "$deps" 2>/dev/null || rm -rf "$tmp"
        fi

        work="$job/work"
        mkdir -p "$work"
        cp -R "$tpl/." "$work/"
        ln -s "$deps/node_modules" "$work/node_modules"
        rc=0
        (cd "$work" && ASTRO_TELEMETRY_DISABLED=1 SITES_DATA="$job/site.json" NO_COLOR=1 CI=1 NODE_ENV=production timeout -k 10 "$build_secs" npm run build --silent) > "$job/build.log" 2>&1 || rc=$?
        if [ "$rc" -ne 0 ]; then
          tail -n 15 "$job/build.log" >&2
          if [ "$rc" -eq 124 ]; then exit 124; fi
          exit 83
        fi
        # The template renders each listed site under dist/<domain>/ (here the one site of site.json).
        out="$work/dist/${site_url#https://}"
        [ -f "$out/index.html" ] || { echo "the build produced no index.html" >&2; exit 85; }
        chmod -R u=rwX,go=rX "$out"
        files=$(find "$out" -type f | wc -l)

        rel="$parent/.$name.releases"
        mkdir -p "$rel"
        # A copy when the cache is on another file system: .stage-* is never taken for a release.
        stage="$rel/.stage-$id-$$"
        mv -T "$out" "$stage"
        # One placement at a time per server: a retried build racing an orphaned one never removes a placed release.
        exec 8>"$cache/locks/place"
        flock -w 60 8 || { echo "the release could not be put in place (lock)" >&2; exit 86; }
        if [ -d "$rel/$id" ] || { [ -d "$rel/.partial-$id" ] && [ -f "$rel/.partial-$id.built" ]; }; then
          rm -rf "$stage"
        else
          # An unfinished directory under the name (an interrupted build or upload) is never completed, only replaced.
          rm -rf "$rel/.partial-$id" "$rel/.partial-$id.built"
          if mv -T "$stage" "$rel/.partial-$id" 2>/dev/null; then touch "$rel/.partial-$id.built"; else rm -rf "$stage"; fi
        fi
        flock -u 8
        [ -d "$rel/$id" ] || { [ -d "$rel/.partial-$id" ] && [ -f "$rel/.partial-$id.built" ]; } || { echo "the build could not be put in place" >&2; exit 86; }
        find "$rel" -maxdepth 1 -name '.stage-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
        find "$cache/jobs" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
        find "$cache/templates" -mindepth 1 -maxdepth 1 -name '.upload-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
        find "$cache/deps" -mindepth 1 -maxdepth 1 -name '.tmp-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
        echo "files=$files"
        """;
}
