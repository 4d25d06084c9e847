package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped drops the database file's pages from this process's
// resident set after loading columns from them: they stay in the page
// cache, and a later read faults them back in. Without it a 10-million-line
// account counts its column segments twice, once in the mapping and once in
// the heap. It must run inside a read transaction, which keeps bbolt from
// remapping the file meanwhile.
func releaseMapped(tx *bolt.Tx) {
	info := tx.DB().Info()
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}
