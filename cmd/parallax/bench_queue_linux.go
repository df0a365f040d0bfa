package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill the worker should this process end
// first (killed, or a test timing out), so that no worker is left
// reconnecting forever to the server that ended with it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
