# shellcheck shell=bash
# Shared by the scripts in scripts/ (sourced, never run): paths and settings,
# Debian packages, the Release build, and starting/stopping one stack — nginx +
# the redriva-web pool — per data dir. Everything a stack writes at run time lives
# under $REDRIVA_DATA_DIR/run, so stacks with different data dirs and ports run
# side by side. The system nginx (/etc/nginx, port 80) is never started or stopped.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

# The library, the job history and the logs are the user's: nothing a script creates
# is readable by other local users (0640 files, 0750 directories). What nginx's
# workers must read is given to them explicitly (prepare_run_dir).
umask 027

say() { printf 'redriva: %s\n' "$*" || true; }
die() { printf 'redriva: %s\n' "$*" >&2 || true; exit 1; }

# The data dir, absolute (a relative REDRIVA_DATA_DIR is relative to the caller's
# directory, as for the binaries); exported so the binaries see the same one.
DATA_DIR=$(realpath -m -- "${REDRIVA_DATA_DIR:-$ROOT/data}")
export REDRIVA_DATA_DIR=$DATA_DIR

# conf_get KEY [DEFAULT]: the environment wins, then `KEY = value` in
# $DATA_DIR/redriva.conf ('#' starts a comment), then DEFAULT — as the binaries do.
conf_get() {
    local key=$1 value=${!1-}
    if [[ -z $value && -r $DATA_DIR/redriva.conf ]]; then
        value=$(sed -n -e 's/#.*//' -e "s/^[[:space:]]*${key}[[:space:]]*=[[:space:]]*//p" \
            "$DATA_DIR/redriva.conf" | tail -n 1)
        value=${value%"${value##*[![:space:]]}"}
    fi
    printf '%s' "${value:-${2-}}"
}

PORT=$(conf_get REDRIVA_PORT 8080)
BIND=$(conf_get REDRIVA_BIND 127.0.0.1)
if ! [[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
    die "REDRIVA_PORT must be a port number, not '$PORT'"
fi
BUILD_DIR=$(realpath -m -- "${REDRIVA_BUILD_DIR:-$ROOT/build}")
RUN_DIR=$DATA_DIR/run
# What nginx's workers open themselves (the pool's socket, the static files, the
# error pages, nginx's temp files) lives in PUBLIC_DIR. As root, nginx's workers run
# as www-data, which often cannot enter the checkout or the data dir (a clone under
# /root or in `mktemp -d`); so as root PUBLIC_DIR is a directory root owns outside
# both, /run/redriva/<a hash of the data dir>, and the static files are copied there
# at each start. $RUN_DIR/sock links to PUBLIC_DIR/sock: the data dir still names
# the socket (scripts, tests and systemd's socket unit use that path).
if ((EUID == 0)); then
    PUBLIC_DIR=/run/redriva/$(printf '%s' "$DATA_DIR" | sha256sum | cut -c1-16)
else
    PUBLIC_DIR=$RUN_DIR/public
fi

# Who runs the pool, the syncs and fake-rd when the scripts run as root: a flaw in them
# then gives that user's rights, not root's. REDRIVA_USER names it; unset, the
# `redriva` user when there is one (useradd --system redriva); `root` keeps root. It
# must be able to read the checkout and the build: one under /root or in `mktemp -d`
# is closed to other users (then a REDRIVA_USER given is refused, and a `redriva`
# found is not used, each said plainly). AS_SERVICE_USER is the command prefix.
SERVICE_USER=
SERVICE_USER_NOTE=
AS_SERVICE_USER=()
if ((EUID == 0)); then
    SERVICE_USER=$(conf_get REDRIVA_USER "")
    explicit_user=$SERVICE_USER
    [[ -n $SERVICE_USER ]] || { id -u redriva >/dev/null 2>&1 && SERVICE_USER=redriva; }
    [[ $SERVICE_USER == root ]] && SERVICE_USER=
    if [[ -n $SERVICE_USER ]]; then
        id -u "$SERVICE_USER" >/dev/null 2>&1 || die "REDRIVA_USER: no user '$SERVICE_USER'"
        AS_SERVICE_USER=(setpriv --reuid="$(id -u "$SERVICE_USER")" --regid="$(id -g "$SERVICE_USER")"
                         --init-groups --)
        build=${REDRIVA_BUILD_DIR:-$ROOT/build}
        if ! "${AS_SERVICE_USER[@]}" test -r "$ROOT/templates/layout.tpl" -a -r "$ROOT/i18n/en.json" \
            -a -x "${DATA_DIR%/*}" -a \( ! -e "$build" -o -x "$build" \); then
            why="$SERVICE_USER cannot read this checkout ($ROOT), its build or reach the data dir's parent: a checkout under /root or in mktemp -d is closed to other users"
            [[ -z $explicit_user ]] || die "REDRIVA_USER=$SERVICE_USER: $why. Move the checkout and data dir somewhere $SERVICE_USER can read, or set REDRIVA_USER=root"
            SERVICE_USER_NOTE="not running as '$SERVICE_USER': $why; running as root"
            SERVICE_USER=
            AS_SERVICE_USER=()
        fi
        unset build why
    elif [[ -z $explicit_user ]]; then
        SERVICE_USER_NOTE="running the pool and the syncs as root: create a 'redriva' user (useradd --system redriva) or set REDRIVA_USER to run them as an unprivileged user"
    fi
    unset explicit_user
fi
# nginx's own files (config, pid) and logs. Under systemd, nginx runs as root while the
# data dir belongs to the service's user: there they live in root's places
# (REDRIVA_NGINX_DIR=/run/redriva-nginx, REDRIVA_NGINX_LOG_DIR=/var/log/redriva-nginx),
# and the pool's socket is systemd's (REDRIVA_SOCKET).
# With a service user the data dir is that user's, so nginx's master (root) keeps its
# files in PUBLIC_DIR, which is root's.
if [[ -n $SERVICE_USER ]]; then
    NGINX_DIR=${REDRIVA_NGINX_DIR:-$PUBLIC_DIR/nginx}
else
    NGINX_DIR=${REDRIVA_NGINX_DIR:-$RUN_DIR/nginx}
fi
NGINX_LOG_DIR=${REDRIVA_NGINX_LOG_DIR:-$NGINX_DIR}
SOCKET=${REDRIVA_SOCKET:-$RUN_DIR/sock/redriva-web.sock}
WEB_PID_FILE=$RUN_DIR/redriva-web.pid
FAKERD_PID_FILE=$RUN_DIR/fake-rd.pid
FAKERD_PORT_FILE=$RUN_DIR/fake-rd.port
NGINX_PID_FILE=$NGINX_DIR/nginx.pid
# /usr/sbin is not in a normal user's PATH on Debian.
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
NGINX_ARGS=(-p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_LOG_DIR/error.log")

# The address clients use: the loopback when nginx listens on every address.
case $BIND in
    0.0.0.0 | '') URL_HOST=127.0.0.1 ;;
    '::' | '[::]') URL_HOST='[::1]' ;;
    *:*) URL_HOST="[${BIND#[}"; URL_HOST="${URL_HOST%]}]" ;;
    *) URL_HOST=$BIND ;;
esac
URL="http://$URL_HOST:$PORT/"

REDRIVA_PACKAGES=(
    build-essential cmake pkg-config clang-format
    libfcgi-dev libctemplate-dev rapidjson-dev libsqlite3-dev sqlite3 libboost-test-dev
    libcurl4-openssl-dev libcpp-httplib-dev libcli11-dev libsodium-dev libssl-dev zlib1g-dev
    nginx libjs-bootstrap5 libjs-chart.js
    curl wrk spawn-fcgi ca-certificates logrotate
)
# What the browser tests need besides (scripts/test): Debian's Chromium and fonts that
# make its screenshots readable. Node.js and npm come from the machine, or Debian.
# Prometheus (and its promtool) checks and scrapes /metrics.
REDRIVA_TEST_PACKAGES=(chromium fonts-liberation fonts-dejavu-core prometheus)
command -v node >/dev/null && command -v npm >/dev/null || REDRIVA_TEST_PACKAGES+=(nodejs npm)

# Installs the Debian packages that are missing (apt-get update only when some are):
# the arguments, or REDRIVA_PACKAGES.
ensure_packages() {
    local wanted=("$@")
    ((${#wanted[@]})) || wanted=("${REDRIVA_PACKAGES[@]}")
    if ! command -v dpkg-query >/dev/null; then
        say "not a Debian system: make sure the equivalents of these are installed: ${wanted[*]}"
        return 0
    fi
    local package missing=() sudo=()
    for package in "${wanted[@]}"; do
        [[ $(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null) == installed ]] ||
            missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        say "all ${#wanted[@]} Debian packages are installed, nothing to do"
        return 0
    fi
    if ((EUID != 0)); then
        command -v sudo >/dev/null ||
            die "missing Debian packages; as root, run: apt-get install --no-install-recommends ${missing[*]}"
        sudo=(sudo)
    fi
    say "installing missing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update
    # We install nginx and Prometheus for their programs, not for the daemons their
    # packages start (listening on every address): while installing, a policy-rc.d
    # refuses every service start, unless the machine has a policy of its own.
    local policy=/usr/sbin/policy-rc.d own_policy=0 status=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 755 "$policy"
        own_policy=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" || status=$?
    ((own_policy == 0)) || "${sudo[@]}" rm -f "$policy"
    return "$status"
}

# Configures once (Release) and builds incrementally. An existing build dir keeps
# its configuration: REDRIVA_BUILD_DIR may name a test build (build-test, sanitized).
build_release() {
    if [[ ${REDRIVA_NO_BUILD:-0} == 1 ]]; then
        say "REDRIVA_NO_BUILD=1: using the binaries in $BUILD_DIR"
        return 0
    fi
    say "building in $BUILD_DIR"
    if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DREDRIVA_TESTS=OFF
    fi
    cmake --build "$BUILD_DIR" -j"$(nproc)"
}

# These checks use builtins only: scripts/run polls them while waiting for a
# signal, and bash may drop a signal that arrives while it waits for a child.

# alive PID: the process exists and is not a zombie (an exited child not reaped yet).
alive() {
    local stat
    [[ -r /proc/$1/stat ]] && read -r stat <"/proc/$1/stat" || return 1
    [[ ${stat##*) } != Z* ]]
}

# running PIDFILE WORD: true when the pid in PIDFILE is alive and WORD is in its
# argv[0] (a stale pid file may name an unrelated process; nginx's master title
# holds its command line). Sets PID.
running() {
    local arg0=
    PID=
    [[ -r $1 ]] && read -r PID <"$1" && [[ $PID =~ ^[0-9]+$ ]] && alive "$PID" || return 1
    read -r -d '' arg0 <"/proc/$PID/cmdline" || true
    [[ $arg0 == *"$2"* ]]
}
web_running() { running "$WEB_PID_FILE" redriva-web; }
fakerd_running() { running "$FAKERD_PID_FILE" fake-rd; }
nginx_running() { running "$NGINX_PID_FILE" "$NGINX_DIR/nginx.conf"; }

port_busy() {
    if command -v ss >/dev/null; then
        [[ -n $(ss -Hltn "sport = :$PORT") ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
    fi
}

# wait_or_kill PID SECONDS: waits for a process asked to stop, then kills its
# process group (its workers too) when it leads one, else the process.
wait_or_kill() {
    local pid=$1 tenths=$(($2 * 10))
    while alive "$pid" && ((tenths-- > 0)); do sleep 0.1; done
    alive "$pid" || return 0
    say "process $pid did not stop within $2 s: killing it"
    if [[ $(ps -o pgid= -p "$pid" | tr -d ' ') == "$pid" ]]; then
        kill -KILL -- "-$pid" 2>/dev/null || true
    else
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# wait_for_http URL TIMEOUT: until URL answers 200, at most TIMEOUT seconds.
wait_for_http() {
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        [[ $(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 2 "$1") == 200 ]] &&
            return 0
        sleep 0.2
    done
    return 1
}

show_logs() {
    local log
    for log in "$DATA_DIR/web.log" "$RUN_DIR/redriva-web.out" "$NGINX_LOG_DIR/error.log"; do
        [[ -s $log ]] || continue
        printf '\n==> %s (last lines) <==\n' "$log" >&2
        tail -n 15 "$log" >&2
    done
}


# Copies static/ into PUBLIC_DIR, swapped in at once (a symlink renamed over the
# old one); the previous copy stays for old nginx workers finishing their requests.
publish_static() {
    local fresh
    fresh=$PUBLIC_DIR/static-$(date +%s%N)
    cp -R "$ROOT/static" "$fresh"
    chmod -R u=rwX,go=rX "$fresh"
    ln -sfn "${fresh##*/}" "$PUBLIC_DIR/static.next"
    mv -Tf "$PUBLIC_DIR/static.next" "$PUBLIC_DIR/static"
    find "$PUBLIC_DIR" -maxdepth 1 -name 'static-*' -printf '%f\n' | sort -r | tail -n +3 |
        sed "s|^|$PUBLIC_DIR/|" | xargs -r rm -rf --
}

# Creates the run dirs and PUBLIC_DIR, and sets NGINX_USER. As root, nginx's workers
# run as www-data (as root where there is no such user) and reach the socket through
# its group: the socket dir is root:www-data 2750 (setgid, so the socket redriva-web
# creates there with mode 0660 gets group www-data).
#   prepare_run_dir             scripts/run and deploy: the socket dir in PUBLIC_DIR
#   prepare_run_dir --systemd   the socket is systemd's (REDRIVA_SOCKET, made by
#                               redriva-web.socket), and nothing is made in the data dir
prepare_run_dir() {
    local systemd=0 group=
    [[ ${1-} == --systemd ]] && systemd=1
    NGINX_USER=
    if ((EUID == 0)); then
        NGINX_USER=root
        id -u www-data >/dev/null 2>&1 && NGINX_USER=www-data && group=www-data
        install -d -o root -g root -m 0755 "${PUBLIC_DIR%/*}"
        install -d -o root -g "${group:-root}" -m 0750 "$PUBLIC_DIR"
        # The service user reaches its socket's directory (and nothing else here).
        [[ -z $SERVICE_USER ]] || chmod 0751 "$PUBLIC_DIR"
    fi
    # Under systemd the data dir is the service user's: root creates nothing there.
    ((systemd)) || mkdir -p "$RUN_DIR" "$NGINX_DIR/extra"
    [[ -e $NGINX_DIR ]] || install -d -m 0755 "$NGINX_DIR"
    [[ -e $NGINX_LOG_DIR ]] || install -d -m 0755 "$NGINX_LOG_DIR"
    mkdir -p "$PUBLIC_DIR/html" "$PUBLIC_DIR/tmp"
    chmod 0755 "$PUBLIC_DIR/html" "$PUBLIC_DIR/tmp"
    install -m 0644 "$ROOT/nginx/50x.html" "$ROOT/nginx/50x.json" "$PUBLIC_DIR/html/"
    publish_static
    # The socket is systemd's (REDRIVA_SOCKET, in a directory of its own).
    ((systemd)) && return 0
    mkdir -p "$PUBLIC_DIR/sock"
    if ((EUID == 0)); then
        chown "${SERVICE_USER:-root}:${group:-root}" "$PUBLIC_DIR/sock"
        chmod 2750 "$PUBLIC_DIR/sock"
    else
        chmod 0700 "$PUBLIC_DIR/sock"
    fi
    # A socket dir of an older layout is replaced once no pool listens in it.
    if [[ -d $RUN_DIR/sock && ! -L $RUN_DIR/sock ]] && ! web_running; then
        rm -rf "$RUN_DIR/sock"
    fi
    [[ -e $RUN_DIR/sock ]] || ln -sfn "$PUBLIC_DIR/sock" "$RUN_DIR/sock"
}

# Removes PUBLIC_DIR and the link to it once nothing of the stack runs.
remove_public_dir() {
    [[ -L $RUN_DIR/sock ]] && rm -f "$RUN_DIR/sock"
    rm -rf "$PUBLIC_DIR"
}

# The Host names nginx answers to: the loopback names, the address it listens
# on, and REDRIVA_SERVER_NAMES (space-separated) for access under other names.
server_names() {
    printf '%s\n' localhost 127.0.0.1 '[::1]' "$URL_HOST" $(conf_get REDRIVA_SERVER_NAMES) |
        awk 'NF && !seen[$0]++' | paste -sd ' ' -
}

sed_escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }

# nginx's real_ip lines for REDRIVA_TRUSTED_PROXIES (addresses or networks of the
# proxies in front, space- or comma-separated), one per line ("\n" escaped for sed);
# nothing when none is set. Dies on an entry that is no address or network.
real_ip_lines() {
    local proxy lines=""
    for proxy in $(conf_get REDRIVA_TRUSTED_PROXIES | tr ',' ' '); do
        [[ $proxy =~ ^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$ ]] ||
            die "REDRIVA_TRUSTED_PROXIES: '$proxy' is not an IP address or network"
        lines+="    set_real_ip_from $proxy;\\n"
    done
    [[ -n $lines ]] || return 0
    printf '%s' "$lines    real_ip_header X-Forwarded-For;\\n    real_ip_recursive on;"
}

# write_replacing FILE MODE [OWNER]: writes stdin to FILE through a temporary file in
# the same directory (made private, then given MODE and OWNER) and a rename: a link
# planted where FILE goes is replaced, never followed, and no reader sees half of it.
write_replacing() {
    local file=$1 mode=$2 owner=${3:-} tmp
    tmp=$(mktemp "$file.XXXXXX") || die "cannot write in ${file%/*}"
    cat >"$tmp" && chmod "$mode" "$tmp" && { [[ -z $owner ]] || chown "$owner:" "$tmp"; } &&
        mv -fT -- "$tmp" "$file" || { rm -f -- "$tmp"; die "cannot write $file"; }
}

# As root, nginx's master reads its config from NGINX_DIR: a directory nobody else may
# write in, or they could give root's nginx any directive (load_module…). Refused if
# it is a link, or owned or writable by someone else.
check_nginx_dir() {
    ((EUID == 0)) || return 0
    local dir
    for dir in "$NGINX_DIR" "$NGINX_LOG_DIR"; do
        [[ ! -L $dir && -d $dir ]] || die "$dir must be a directory (not a link)"
        [[ $(stat -c '%u' -- "$dir") == 0 ]] || die "$dir must belong to root: nginx's master runs as root"
        [[ $(stat -c '%A' -- "$dir") != ?????w???? && $(stat -c '%A' -- "$dir") != ????????w? ]] ||
            die "$dir must not be writable by its group or others"
    done
}

# What goes into nginx's config comes from the environment and redriva.conf, which
# the data dir's owner writes: each value must be what it says, so that no setting
# smuggles a directive into the config root's nginx loads.
check_nginx_settings() {
    local name
    [[ $BIND =~ ^\[?[0-9A-Fa-f:.]+\]?$ ]] || die "REDRIVA_BIND must be an IP address, not '$BIND'"
    for name in $(conf_get REDRIVA_SERVER_NAMES); do
        [[ $name =~ ^[A-Za-z0-9*]([A-Za-z0-9.:*-]|\[|\])*$ ]] ||
            die "REDRIVA_SERVER_NAMES: '$name' is not a host name"
    done
    [[ $(conf_get REDRIVA_NGINX_WORKERS 1) =~ ^([1-9][0-9]{0,2}|auto)$ ]] ||
        die "REDRIVA_NGINX_WORKERS must be a number or 'auto'"
}

# Renders nginx/nginx.conf.in into $NGINX_DIR and checks it with nginx -t. The
# benchmark's reference locations ($NGINX_DIR/extra/*.conf) are included only when
# REDRIVA_NGINX_EXTRA=1.
render_nginx_conf() {
    check_nginx_settings
    check_nginx_dir
    local listen="$BIND:$PORT" user_line="" extra=""
    [[ ${REDRIVA_NGINX_EXTRA:-0} == 1 ]] && extra="include \"$NGINX_DIR/extra/*.conf\";"
    [[ $BIND == *:* ]] && listen="[${BIND#[}" && listen="${listen%]}]:$PORT"
    [[ -n ${NGINX_USER-} ]] && user_line="user $NGINX_USER;"
    # nginx connects to the socket by its real path (its workers may not be able to
    # enter the data dir that links to it).
    local socket real_ip
    socket=$(realpath -m -- "${SOCKET%/*}")/${SOCKET##*/}
    real_ip=$(real_ip_lines) || exit 1
    sed -e "s|@PUBLIC_DIR@|$(sed_escape "$PUBLIC_DIR")|g" \
        -e "s|@NGINX_DIR@|$(sed_escape "$NGINX_DIR")|g" \
        -e "s|@NGINX_LOG_DIR@|$(sed_escape "$NGINX_LOG_DIR")|g" \
        -e "s|@EXTRA_INCLUDE@|$(sed_escape "$extra")|g" \
        -e "s|@SOCKET@|$(sed_escape "$socket")|g" \
        -e "s|@LISTEN@|$(sed_escape "$listen")|g" \
        -e "s|@SERVER_NAMES@|$(sed_escape "$(server_names)")|g" \
        -e "s|@REAL_IP@|$real_ip|g" \
        -e "s|@PORT@|$PORT|g" \
        -e "s|@USER_LINE@|$user_line|g" \
        -e "s|@NGINX_WORKERS@|$(conf_get REDRIVA_NGINX_WORKERS 1)|g" \
        "$ROOT/nginx/nginx.conf.in" | write_replacing "$NGINX_DIR/nginx.conf" 0640
    write_replacing "$NGINX_DIR/security_headers.conf" 0640 <"$ROOT/nginx/security_headers.conf"
    "$NGINX_BIN" -t -q "${NGINX_ARGS[@]}" || die "the rendered $NGINX_DIR/nginx.conf is invalid"
}

# Starts redriva-web (in its own session: Ctrl-C reaches only scripts/run, which
# then stops the pool gracefully) and waits for its socket. The pool reads
# REDRIVA_WORKERS and the rest of its settings itself.
start_web() {
    local binary=$BUILD_DIR/redriva-web deadline=$((SECONDS + 20)) pid
    [[ -x $binary ]] || die "$binary is missing: build first (scripts/run builds)"
    # A socket sun_path holds 107 bytes.
    ((${#SOCKET} <= 107)) || die "socket path too long (${#SOCKET} > 107 bytes): use a shorter REDRIVA_DATA_DIR"
    rm -f "$SOCKET" "$WEB_PID_FILE"
    # The web never holds a token (see write_token_file): a token file's path, or the
    # demo's token, are no secret.
    local without_token=()
    token_is_literal && without_token=(-u RD_TOKEN)
    env "${without_token[@]}" setsid "${AS_SERVICE_USER[@]}" "$binary" --socket "$SOCKET" --socket-mode 0660 --pid-file "$WEB_PID_FILE" \
        --templates "$ROOT/templates" </dev/null >>"$RUN_DIR/redriva-web.out" 2>&1 9>&- &
    pid=$!
    until [[ -S $SOCKET ]] && web_running; do
        alive "$pid" || { show_logs; die "redriva-web exited at start"; }
        ((SECONDS < deadline)) || { show_logs; die "redriva-web did not open $SOCKET within 20 s"; }
        sleep 0.1
    done
}

start_nginx() {
    local deadline=$((SECONDS + 10))
    render_nginx_conf
    "$NGINX_BIN" "${NGINX_ARGS[@]}" 9>&- || { show_logs; die "nginx did not start"; }
    until nginx_running; do
        ((SECONDS < deadline)) || { show_logs; die "nginx did not write $NGINX_PID_FILE"; }
        sleep 0.1
    done
}

# The whole stack: pool, then nginx, then a health answer within 30 s.
start_stack() {
    prepare_run_dir
    start_web
    start_nginx
    wait_for_http "${URL}api/health" 30 || { show_logs; die "${URL}api/health did not answer 200 within 30 s"; }
}

# With a service user, the data dir and all in it become that user's (what root wrote
# there before, a token file, a password set as root…): the pool and the syncs write
# the database, read their secrets, and check that those are their own. Links are
# changed themselves, never followed.
claim_data_dir() {
    [[ -n $SERVICE_USER ]] || return 0
    chown -R -P -h "$SERVICE_USER:" "$DATA_DIR"
}

# RD_TOKEN in the environment is the token itself (not a file's path, not the demo's).
token_is_literal() {
    [[ -n ${RD_TOKEN:-} && ${REDRIVA_DEMO:-0} != 1 && $RD_TOKEN != */* && $RD_TOKEN != .* ]]
}

# A token given in the environment is written to $DATA_DIR/rd-token (0600, through a
# temporary file and a rename): the syncs redriva-web starts read it there, and the
# web itself is started without it. A token in redriva.conf, or RD_TOKEN naming a
# private file, needs nothing: the syncs read the conf, or the file.
write_token_file() {
    token_is_literal || return 0
    printf '%s\n' "$RD_TOKEN" | write_replacing "$DATA_DIR/rd-token" 0600 "$SERVICE_USER"
}

# REDRIVA_NOTIFY_URL given in the environment is as secret as the token (a webhook's
# path is its password): written to $DATA_DIR/notify-url (0600) for the syncs, and
# taken out of the environment, so that neither redriva-web nor nginx holds it.
write_notify_url_file() {
    [[ -n ${REDRIVA_NOTIFY_URL:-} ]] || return 0
    printf '%s\n' "$REDRIVA_NOTIFY_URL" | write_replacing "$DATA_DIR/notify-url" 0600 "$SERVICE_USER"
    unset REDRIVA_NOTIFY_URL
}

# Demo mode (no RD_TOKEN): the bundled fake Real-Debrid serves a generated
# library on a free loopback port, and the sync talks to it with the exported
# settings (redriva-web passes them on to the syncs it starts). Its "now" is
# fixed at the first demo run, so the library stays the same across restarts.
start_demo_rd() {
    local now_file=$DATA_DIR/demo-now deadline=$((SECONDS + 30)) pid
    [[ -s $now_file ]] || date +%s >"$now_file"
    rm -f "$FAKERD_PORT_FILE"
    setsid "${AS_SERVICE_USER[@]}" "$BUILD_DIR/fake-rd" --port 0 --port-file "$FAKERD_PORT_FILE" \
        --library "${REDRIVA_DEMO_TORRENTS:-2500}" --seed 42 --now "$(<"$now_file")" \
        --rate 0 --token demo-token </dev/null >>"$RUN_DIR/fake-rd.out" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$FAKERD_PID_FILE"
    until [[ -s $FAKERD_PORT_FILE ]]; do
        alive "$pid" || die "fake-rd exited at start (see $RUN_DIR/fake-rd.out)"
        ((SECONDS < deadline)) || die "fake-rd did not start within 30 s"
        sleep 0.1
    done
    export RD_TOKEN=demo-token REDRIVA_DEMO=1
    export REDRIVA_RD_API_URL="http://127.0.0.1:$(<"$FAKERD_PORT_FILE")/rest/1.0"
    export REDRIVA_RD_RATE=${REDRIVA_DEMO_RATE:-30000}
}

# Stops the stack of $DATA_DIR: nginx first (it finishes its requests while the
# pool still serves them), then the pool (SIGTERM drains in-flight requests).
stop_stack() {
    if nginx_running; then
        say "stopping nginx ($PID)"
        kill -QUIT "$PID" 2>/dev/null || true   # what `nginx -s quit` sends, minus its log noise
        wait_or_kill "$PID" 30
    fi
    if web_running; then
        say "stopping redriva-web ($PID)"
        kill -TERM "$PID" 2>/dev/null || true
        wait_or_kill "$PID" 30
    fi
    if fakerd_running; then
        say "stopping fake-rd ($PID)"
        kill -TERM "$PID" 2>/dev/null || true
        wait_or_kill "$PID" 10
    fi
    # What a killed process leaves behind.
    fakerd_running || rm -f "$FAKERD_PID_FILE" "$FAKERD_PORT_FILE"
    web_running || rm -f "$SOCKET" "$WEB_PID_FILE"
    nginx_running || rm -f "$NGINX_PID_FILE"
    web_running || nginx_running || remove_public_dir
}
