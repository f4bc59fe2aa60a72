#!/usr/bin/env bash
# Installs what the tests need (Debian packages) when missing, then runs every test: mvn -B verify.
set -euo pipefail
cd "$(dirname "$0")"

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have git || need+=(git)
have git-annex || need+=(git-annex)
have rsync || need+=(rsync)
have sshd || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
have ssh || need+=(openssh-client)
have ssh-keygen || need+=(openssh-client)
have mvn || need+=(maven)
have javac || need+=(openjdk-17-jdk-headless)
have systemd-analyze || need+=(systemd)
have ip || need+=(iproute2)
have sysctl || need+=(procps)
have mount || need+=(mount)
have mkfs.ext4 || need+=(e2fsprogs)
have sha256sum || need+=(coreutils)
have python3 || need+=(python3)
have dot || need+=(graphviz)
have curl || need+=(curl)
have chromium || need+=(chromium)
if ((${#need[@]})); then
    echo "installing: ${need[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# Tests make commits in temporary repositories; git needs an identity.
git config --global user.name >/dev/null 2>&1 || git config --global user.name "annex-assistant tests"
git config --global user.email >/dev/null 2>&1 || git config --global user.email "tests@annex-assistant.invalid"

exec mvn -B --no-transfer-progress verify "$@"
