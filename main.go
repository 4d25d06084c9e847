// Command marquee shows independent filmmakers how their titles perform
// across streaming channels, in the terminal. The command line is package
// cli; this gives it the process's arguments, environment, working
// directory and standard streams.
package main

import (
	"os"
	_ "time/tzdata" // time zones on machines without a zoneinfo database

	"marquee/cli"
)

func main() {
	dir, _ := os.Getwd() // "": relative paths stay relative to the process
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		LookupEnv: os.LookupEnv,
		Dir:       dir,
		Stdin:     os.Stdin,
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
	}))
}
