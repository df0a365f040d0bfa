package main

import (
	"fmt"
	"os"
	"strings"
)

// readSecret reads a secret from a file (Docker/Kubernetes style), trimming
// the trailing newline editors add.
func readSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	return s, nil
}
