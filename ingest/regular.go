package ingest

import "io/fs"

// kindOf names what a path is when it is not a regular file: a FIFO would
// block an import until a writer came (for ever), a device such as
// /dev/zero never ends and took the process's memory, a socket or
// directory is no report.
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
