package main

// A MongoDB wire-protocol relay that serializes write commands.
//
// Why: FerretDB 1.x with the SQLite backend runs update and findAndModify as
// "query the document, then write it back" without a transaction
// (https://github.com/FerretDB/FerretDB/issues/3040: "SQLite handler also does
// not handle update in a transaction, that means a document updated can be
// modified between query and update is applied"). Measured on v1.24.2: with 8
// concurrent updateOne({_id, version: 0}, {$inc: {version: 1}, ...}) several
// report matchedCount 1 and updates are lost; 50 concurrent findOneAndUpdate
// {$inc: {seq: 1}} end with seq between 5 and 24. MongoDB guarantees that a
// single-document update is atomic, and our services rely on it (version
// guards, counters).
//
// How: clients connect to the relay; each connection gets its own connection
// to FerretDB's internal listener and bytes are relayed message by message.
// Before an OP_MSG whose command is insert/update/delete/findAndModify is
// forwarded, the relay takes the write lock of the command's database ($db);
// it is released when FerretDB's reply to that request (responseTo ==
// requestID) comes back, i.e. once FerretDB has finished the write. So at most
// one write command runs in each database at a time; writes to different
// databases (separate SQLite files, and a document lives in one) run in
// parallel. Reads and all other commands are relayed unlocked. SQLite allows a
// single writer per file anyway, so little write throughput is lost.

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"
)

const (
	headerLen = 16 // int32 messageLength, requestID, responseTo, opCode

	opCodeMsg = 2013 // OP_MSG; OP_QUERY (2004) is only used for legacy handshakes and is relayed as is

	flagChecksumPresent = 1 << 0 // OP_MSG flagBits: a CRC-32C follows the sections
	flagMoreToCome      = 1 << 1 // OP_MSG flagBits: the sender expects no reply (unacknowledged write)

	// maxMessageLen bounds what we buffer; MongoDB and FerretDB allow 48,000,000 bytes.
	maxMessageLen = 48_000_000

	// drainTimeout bounds how long we keep reading FerretDB's side after the client has gone,
	// waiting for the reply to a write it sent (so the write lock is released only once the
	// write is done).
	drainTimeout = time.Minute
)

// header is the standard wire message header.
type header struct {
	length, requestID, responseTo, opCode int32
}

func parseHeader(b []byte) header {
	return header{
		length:     int32(binary.LittleEndian.Uint32(b[0:4])),
		requestID:  int32(binary.LittleEndian.Uint32(b[4:8])),
		responseTo: int32(binary.LittleEndian.Uint32(b[8:12])),
		opCode:     int32(binary.LittleEndian.Uint32(b[12:16])),
	}
}

// readMessage reads one whole wire message (header included) into buf, reusing its storage.
func readMessage(r io.Reader, buf []byte) ([]byte, header, error) {
	if cap(buf) < headerLen {
		buf = make([]byte, headerLen, 4096)
	}
	buf = buf[:headerLen]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf, header{}, err
	}
	h := parseHeader(buf)
	if h.length < headerLen || h.length > maxMessageLen {
		return buf, h, fmt.Errorf("invalid message length %d", h.length)
	}
	n := int(h.length)
	if cap(buf) < n {
		nb := make([]byte, n)
		copy(nb, buf)
		buf = nb
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf[headerLen:]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return buf, h, err
	}
	return buf, h, nil
}

// opMsgCommand returns the flagBits, the command name and the database ($db, "" if absent or
// unreadable) of an OP_MSG message (header included). The command name is the first key of
// the body (kind 0) section; sections of kind 1 (document sequences, e.g. the documents of an
// insert) may come before or after it.
func opMsgCommand(msg []byte) (flags uint32, cmd, db string, err error) {
	if len(msg) < headerLen+4 {
		return 0, "", "", errors.New("OP_MSG too short")
	}
	body := msg[headerLen:]
	flags = binary.LittleEndian.Uint32(body[0:4])
	end := len(body)
	if flags&flagChecksumPresent != 0 {
		end -= 4
	}
	for p := 4; p < end; {
		kind := body[p]
		p++
		if p+4 > end {
			return flags, "", "", errors.New("truncated section")
		}
		size := int(int32(binary.LittleEndian.Uint32(body[p : p+4])))
		switch kind {
		case 0: // a single BSON document: int32 size, elements (type byte, cstring key, value), 0x00
			if size < 5 || p+size > end {
				return flags, "", "", fmt.Errorf("invalid body document size %d", size)
			}
			doc := body[p : p+size]
			if doc[4] == 0 {
				return flags, "", "", errors.New("empty command document")
			}
			for i := 5; i < len(doc); i++ {
				if doc[i] == 0 {
					db, _ := bsonString(doc, "$db")
					return flags, string(doc[5:i]), db, nil
				}
			}
			return flags, "", "", errors.New("unterminated command name")
		case 1: // document sequence: int32 size (including itself), cstring identifier, documents
			if size < 4 || p+size > end {
				return flags, "", "", fmt.Errorf("invalid document sequence size %d", size)
			}
			p += size
		default:
			return flags, "", "", fmt.Errorf("unknown section kind %d", kind)
		}
	}
	return flags, "", "", errors.New("no body section")
}

// bsonString returns the value of the top-level string element key of a BSON document, walking
// its elements (the command's $db comes after its arguments). ok is false if the key is absent,
// not a string, or the document cannot be walked.
func bsonString(doc []byte, key string) (value string, ok bool) {
	if len(doc) < 5 {
		return "", false
	}
	for p := 4; p < len(doc) && doc[p] != 0; {
		typ := doc[p]
		p++
		end := p
		for end < len(doc) && doc[end] != 0 {
			end++
		}
		if end >= len(doc) {
			return "", false
		}
		name := string(doc[p:end])
		p = end + 1
		size := bsonValueSize(typ, doc[p:])
		if size < 0 || p+size > len(doc) {
			return "", false
		}
		if name == key {
			if typ != 0x02 || size < 5 {
				return "", false
			}
			return string(doc[p+4 : p+size-1]), true
		}
		p += size
	}
	return "", false
}

// bsonValueSize is the length in bytes of a BSON value of type typ at the start of b, or -1.
func bsonValueSize(typ byte, b []byte) int {
	i32 := func(at int) int {
		if len(b) < at+4 {
			return -1
		}
		return int(int32(binary.LittleEndian.Uint32(b[at : at+4])))
	}
	cstring := func(from int) int {
		for i := from; i < len(b); i++ {
			if b[i] == 0 {
				return i + 1
			}
		}
		return -1
	}
	switch typ {
	case 0x06, 0x0A, 0xFF, 0x7F: // undefined, null, min key, max key
		return 0
	case 0x08: // bool
		return 1
	case 0x10: // int32
		return 4
	case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
		return 8
	case 0x07: // ObjectId
		return 12
	case 0x13: // decimal128
		return 16
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol: int32 length, bytes, 0x00
		if n := i32(0); n >= 1 {
			return 4 + n
		}
		return -1
	case 0x03, 0x04, 0x0F: // document, array, code with scope: int32 total size
		return i32(0)
	case 0x05: // binary: int32 length, subtype, bytes
		if n := i32(0); n >= 0 {
			return 5 + n
		}
		return -1
	case 0x0C: // DBPointer: string, ObjectId
		if n := i32(0); n >= 1 {
			return 4 + n + 12
		}
		return -1
	case 0x0B: // regex: two cstrings
		if first := cstring(0); first > 0 {
			return cstring(first)
		}
		return -1
	}
	return -1
}

// isWriteCommand reports whether cmd is one of the commands FerretDB may run as a
// non-atomic read-modify-write. Command names are case-sensitive; drivers send
// findAndModify, old shells findandmodify.
func isWriteCommand(cmd string) bool {
	switch cmd {
	case "insert", "update", "delete", "findAndModify", "findandmodify":
		return true
	}
	return false
}

// proxy accepts client connections and relays each one to FerretDB's internal listener.
type proxy struct {
	backend string // FerretDB's internal address (host:port)
	logger  *slog.Logger

	// writeLocks holds one write lock per database: a one-slot semaphore, so that waiting
	// for it can be abandoned when the connection goes away (sync.Mutex cannot do that).
	locksMu    sync.Mutex
	writeLocks map[string]chan struct{}

	mu     sync.Mutex
	relays map[*relay]struct{}
	closed bool
	wg     sync.WaitGroup
}

func newProxy(backend string, logger *slog.Logger) *proxy {
	return &proxy{
		backend:    backend,
		logger:     logger,
		writeLocks: make(map[string]chan struct{}),
		relays:     make(map[*relay]struct{}),
	}
}

// writeLock returns the write lock of database db ("" for a command whose $db was unreadable).
func (p *proxy) writeLock(db string) chan struct{} {
	p.locksMu.Lock()
	defer p.locksMu.Unlock()
	lock, ok := p.writeLocks[db]
	if !ok {
		lock = make(chan struct{}, 1)
		p.writeLocks[db] = lock
	}
	return lock
}

// serve accepts connections on ln until ctx is canceled; then it closes ln and all
// relayed connections and returns once every relay goroutine has finished.
func (p *proxy) serve(ctx context.Context, ln net.Listener) {
	go func() {
		<-ctx.Done()
		_ = ln.Close()
		p.mu.Lock()
		p.closed = true
		for r := range p.relays {
			r.close()
		}
		p.mu.Unlock()
	}()

	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				break
			}
			// e.g. too many open files: back off instead of spinning
			p.logger.Warn("proxy: accept failed", "error", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c)
		}()
	}
	p.wg.Wait()
}

func (p *proxy) handle(client net.Conn) {
	server, err := net.DialTimeout("tcp", p.backend, 10*time.Second)
	if err != nil {
		p.logger.Warn("proxy: cannot connect to FerretDB", "backend", p.backend, "error", err)
		_ = client.Close()
		return
	}
	r := &relay{client: client, server: server, writeLock: p.writeLock, logger: p.logger}

	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		r.close()
		return
	}
	p.relays[r] = struct{}{}
	p.mu.Unlock()

	r.run()

	p.mu.Lock()
	delete(p.relays, r)
	p.mu.Unlock()
}

// relay is one client connection and its FerretDB connection.
type relay struct {
	client, server net.Conn
	writeLock      func(db string) chan struct{}
	logger         *slog.Logger

	serverDone chan struct{} // closed when the server->client direction has stopped

	mu        sync.Mutex
	held      chan struct{} // the write lock this connection holds (nil: none) ...
	pendingID int32         // ... for the request with this requestID
}

func (r *relay) close() {
	_ = r.client.Close()
	_ = r.server.Close()
}

func (r *relay) run() {
	r.serverDone = make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.clientToServer()
	}()
	r.serverToClient()
	close(r.serverDone)
	r.close()
	wg.Wait()
	r.releaseHeld() // the server went away without replying: never keep the lock
}

// clientToServer forwards client requests, taking the write lock before write commands.
func (r *relay) clientToServer() {
	defer func() {
		// Client gone (or relay closing): half-close so FerretDB finishes a request in flight,
		// replies (which releases the lock) and then sees EOF and closes its side; the
		// deadline guards against a FerretDB that never does.
		if tc, ok := r.server.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		_ = r.server.SetReadDeadline(time.Now().Add(drainTimeout))
	}()

	br := bufio.NewReaderSize(r.client, 64<<10)
	var buf []byte
	for {
		msg, h, err := readMessage(br, buf)
		buf = msg
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				r.logger.Debug("proxy: client read ended", "error", err)
			}
			return
		}

		locked, moreToCome := false, false
		var lock chan struct{}
		if h.opCode == opCodeMsg {
			flags, cmd, db, perr := opMsgCommand(msg)
			if perr != nil {
				// Relay it anyway: FerretDB answers malformed messages with an error.
				r.logger.Debug("proxy: cannot parse OP_MSG", "error", perr)
			} else if isWriteCommand(cmd) {
				lock = r.writeLock(db)
				select {
				case lock <- struct{}{}:
				case <-r.serverDone:
					return
				}
				locked, moreToCome = true, flags&flagMoreToCome != 0
				if !moreToCome {
					r.mu.Lock()
					r.held, r.pendingID = lock, h.requestID
					r.mu.Unlock()
				}
			}
		}

		_, err = r.server.Write(msg)
		if locked && moreToCome {
			// Unacknowledged write: the client expects no reply, so there is nothing to wait
			// for. (FerretDB 1.24 replies anyway; that reply is relayed like any other.)
			<-lock
		}
		if err != nil {
			return // the lock, if held, is released by run once the server side has stopped
		}
	}
}

// serverToClient forwards FerretDB's replies and releases the write lock when the reply
// to the locked request arrives. It keeps reading FerretDB's side even if the client is
// gone, so a write that is still running keeps the lock until it has finished.
func (r *relay) serverToClient() {
	br := bufio.NewReaderSize(r.server, 64<<10)
	var buf []byte
	clientOK := true
	for {
		msg, h, err := readMessage(br, buf)
		buf = msg
		if err != nil {
			return
		}
		// Release before writing to the client: the write is complete in FerretDB once it
		// has replied, and a slow client must not hold up everybody else's writes.
		r.release(h.responseTo)
		if clientOK {
			if _, err = r.client.Write(msg); err != nil {
				clientOK = false
				_ = r.client.Close() // stops clientToServer, which half-closes the server side
			}
		}
	}
}

func (r *relay) release(responseTo int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.held != nil && r.pendingID == responseTo {
		<-r.held
		r.held = nil
	}
}

func (r *relay) releaseHeld() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.held != nil {
		<-r.held
		r.held = nil
	}
}
