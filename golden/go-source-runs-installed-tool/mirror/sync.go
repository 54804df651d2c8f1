package mirror

import (
	"os"
	"os/exec"
)

// Pull updates the local clone: the container runs git, not only the build.
func Pull(dir string) error {
	cmd := exec.Command("git", "-C", dir, "pull", "--ff-only")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
