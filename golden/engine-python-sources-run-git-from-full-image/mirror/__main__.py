"""Clone or update the repositories named in MIRROR_REPOS into /app/data."""
import os
import subprocess


def sync(url, dest):
    if os.path.isdir(dest):
        subprocess.check_call(["git", "-C", dest, "pull", "--ff-only"])
    else:
        cmd = ["git", "clone", "--depth", "1", url, dest]
        subprocess.check_call(cmd)


def main():
    subprocess.check_call(["git", "--version"])
    print(subprocess.check_output(["git", "config", "--system", "user.name"], text=True).strip())
    for url in filter(None, os.environ.get("MIRROR_REPOS", "").split()):
        sync(url, os.path.join("/app/data", os.path.basename(url)))


if __name__ == "__main__":
    main()
