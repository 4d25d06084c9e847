package sshserver

import (
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// agentRequest asks the server to forward the client's SSH agent. The ssh
// package answers it "yes" and does nothing with it; marquee has no use
// for a filmmaker's keys, so it is refused.
const agentRequest = "auth-agent-req@openssh.com"

// withoutAgentForwarding refuses agent forwarding on every session
// channel before the ssh package sees the request.
func withoutAgentForwarding() ssh.Option {
	return func(srv *ssh.Server) error {
		if srv.ChannelHandlers == nil {
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{}
		}
		srv.ChannelHandlers["session"] = func(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
			ssh.DefaultSessionHandler(srv, conn, noAgentChannel{ch}, ctx)
		}
		return nil
	}
}

// noAgentChannel is a session channel whose agent requests are refused.
type noAgentChannel struct{ gossh.NewChannel }

func (c noAgentChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for req := range reqs {
			if req.Type == agentRequest {
				req.Reply(false, nil)
				continue
			}
			out <- req
		}
	}()
	return ch, out, nil
}

// maxCommand bounds an SSH command line: the ssh package splits it in
// time quadratic in its length (a 200 KB command took 30 s of CPU), and
// no report command comes near it.
const maxCommand = 4 << 10
