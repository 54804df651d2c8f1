"""Print the version of the git that GitPython drives (it runs the `git` program)."""
import git


def main():
    print(git.Git().version())


if __name__ == "__main__":
    main()
