package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// checkRegular refuses what is not a regular file before it is read: a
// FIFO would block the import until a writer came (for ever), a device
// such as /dev/zero never ends and took the process's memory, a socket or
// directory is no report. A symbolic link to a regular file is fine.
func checkRegular(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s: not a regular file (%s); give the path of a report file", filepath.Base(path), kindOf(info.Mode()))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
