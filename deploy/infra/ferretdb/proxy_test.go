package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// bsonDoc builds a BSON document whose elements are the given keys, each an int32 1.
func bsonDoc(keys ...string) []byte {
	var e []byte
	for _, k := range keys {
		e = append(e, 0x10) // int32
		e = append(e, k...)
		e = append(e, 0)
		e = binary.LittleEndian.AppendUint32(e, 1)
	}
	d := binary.LittleEndian.AppendUint32(nil, uint32(4+len(e)+1))
	d = append(d, e...)
	return append(d, 0)
}

func kind0(doc []byte) []byte { return append([]byte{0}, doc...) }

func kind1(id string, docs ...[]byte) []byte {
	var payload []byte
	payload = append(payload, id...)
	payload = append(payload, 0)
	for _, d := range docs {
		payload = append(payload, d...)
	}
	s := []byte{1}
	s = binary.LittleEndian.AppendUint32(s, uint32(4+len(payload)))
	return append(s, payload...)
}

// wireMsg builds a whole wire message: header, then body.
func wireMsg(requestID, responseTo, opCode int32, body []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(headerLen+len(body)))
	b = binary.LittleEndian.AppendUint32(b, uint32(requestID))
	b = binary.LittleEndian.AppendUint32(b, uint32(responseTo))
	b = binary.LittleEndian.AppendUint32(b, uint32(opCode))
	return append(b, body...)
}

func opMsg(requestID int32, flags uint32, sections ...[]byte) []byte {
	body := binary.LittleEndian.AppendUint32(nil, flags)
	for _, s := range sections {
		body = append(body, s...)
	}
	if flags&flagChecksumPresent != 0 {
		body = append(body, 0xde, 0xad, 0xbe, 0xef)
	}
	return wireMsg(requestID, 0, opCodeMsg, body)
}

func TestOpMsgCommand(t *testing.T) {
	tests := []struct {
		name      string
		msg       []byte
		wantCmd   string
		wantFlags uint32
		wantErr   bool
	}{
		{name: "find", msg: opMsg(1, 0, kind0(bsonDoc("find", "$db"))), wantCmd: "find"},
		{name: "update", msg: opMsg(1, 0, kind0(bsonDoc("update", "ordered", "$db"))), wantCmd: "update"},
		{
			name:    "document sequence before body",
			msg:     opMsg(1, 0, kind1("documents", bsonDoc("a"), bsonDoc("b")), kind0(bsonDoc("insert", "$db"))),
			wantCmd: "insert",
		},
		{
			name:    "document sequence after body",
			msg:     opMsg(1, 0, kind0(bsonDoc("delete", "$db")), kind1("deletes", bsonDoc("q"))),
			wantCmd: "delete",
		},
		{
			name:      "checksum and moreToCome",
			msg:       opMsg(7, flagChecksumPresent|flagMoreToCome, kind0(bsonDoc("findAndModify"))),
			wantCmd:   "findAndModify",
			wantFlags: flagChecksumPresent | flagMoreToCome,
		},
		{name: "empty command document", msg: opMsg(1, 0, kind0(bsonDoc())), wantErr: true},
		{name: "no sections", msg: opMsg(1, 0), wantErr: true},
		{name: "only a document sequence", msg: opMsg(1, 0, kind1("documents", bsonDoc("a"))), wantErr: true},
		{name: "unknown section kind", msg: opMsg(1, 0, []byte{9, 5, 0, 0, 0, 0}), wantErr: true},
		{name: "truncated body", msg: opMsg(1, 0, kind0(bsonDoc("update"))[:8]), wantErr: true},
		{name: "document size too big", msg: opMsg(1, 0, []byte{0, 0xff, 0, 0, 0, 0x10, 'x', 0}), wantErr: true},
		{name: "negative sequence size", msg: opMsg(1, 0, []byte{1, 0xff, 0xff, 0xff, 0xff}), wantErr: true},
		{name: "unterminated name", msg: opMsg(1, 0, []byte{0, 8, 0, 0, 0, 0x10, 'a', 'b', 'c'}), wantErr: true},
		{name: "too short", msg: wireMsg(1, 0, opCodeMsg, []byte{0, 0}), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flags, cmd, _, err := opMsgCommand(tt.msg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if cmd != tt.wantCmd {
				t.Errorf("cmd = %q, want %q", cmd, tt.wantCmd)
			}
			if !tt.wantErr && flags != tt.wantFlags {
				t.Errorf("flags = %b, want %b", flags, tt.wantFlags)
			}
		})
	}
}

func TestIsWriteCommand(t *testing.T) {
	for _, c := range []string{"insert", "update", "delete", "findAndModify", "findandmodify"} {
		if !isWriteCommand(c) {
			t.Errorf("%q should be a write command", c)
		}
	}
	for _, c := range []string{"find", "aggregate", "hello", "Update", "getMore", ""} {
		if isWriteCommand(c) {
			t.Errorf("%q should not be a write command", c)
		}
	}
}

func TestReadMessage(t *testing.T) {
	a := opMsg(1, 0, kind0(bsonDoc("find")))
	b := wireMsg(2, 0, 2004, bytes.Repeat([]byte{7}, 5000)) // bigger than the first buffer
	r := bytes.NewReader(append(append([]byte{}, a...), b...))

	var buf []byte
	msg, h, err := readMessage(r, buf)
	if err != nil || !bytes.Equal(msg, a) || h.requestID != 1 || h.opCode != opCodeMsg {
		t.Fatalf("first: %v %+v", err, h)
	}
	msg, h, err = readMessage(r, msg)
	if err != nil || !bytes.Equal(msg, b) || h.requestID != 2 || h.opCode != 2004 || int(h.length) != len(b) {
		t.Fatalf("second: %v %+v", err, h)
	}
	if _, _, err = readMessage(r, msg); err != io.EOF {
		t.Fatalf("at end: %v, want EOF", err)
	}

	if _, _, err = readMessage(bytes.NewReader(wireMsg(1, 0, 1, nil)[:10]), nil); err != io.ErrUnexpectedEOF {
		t.Errorf("short header: %v", err)
	}
	if _, _, err = readMessage(bytes.NewReader(a[:len(a)-1]), nil); err != io.ErrUnexpectedEOF {
		t.Errorf("short body: %v", err)
	}
	bad := wireMsg(1, 0, opCodeMsg, nil)
	binary.LittleEndian.PutUint32(bad, 12)
	if _, _, err = readMessage(bytes.NewReader(bad), nil); err == nil {
		t.Error("length below header size accepted")
	}
	binary.LittleEndian.PutUint32(bad, maxMessageLen+1)
	if _, _, err = readMessage(bytes.NewReader(bad), nil); err == nil {
		t.Error("oversized length accepted")
	}
}

// fakeBackend answers every request after delay (except moreToCome ones, like MongoDB)
// and records the maximum number of write and read commands in progress at once.
type fakeBackend struct {
	delay               time.Duration
	writes, reads       atomic.Int32
	maxWrites, maxReads atomic.Int32
	handled, unanswered atomic.Int32

	mu             sync.Mutex
	writesByDB     map[string]int32
	maxWritesPerDB int32
}

// writing counts a write to db starting (+1) or ending (-1) and records the most at once in one database.
func (b *fakeBackend) writing(db string, delta int32) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.writesByDB == nil {
		b.writesByDB = map[string]int32{}
	}
	b.writesByDB[db] += delta
	if b.writesByDB[db] > b.maxWritesPerDB {
		b.maxWritesPerDB = b.writesByDB[db]
	}
}

func bumpMax(max *atomic.Int32, v int32) {
	for {
		m := max.Load()
		if v <= m || max.CompareAndSwap(m, v) {
			return
		}
	}
}

func (b *fakeBackend) serve(t *testing.T, ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			var buf []byte
			for {
				msg, h, err := readMessage(c, buf)
				buf = msg
				if err != nil {
					return
				}
				flags, cmd, db, err := opMsgCommand(msg)
				if err != nil {
					t.Errorf("backend: %v", err)
					return
				}
				counter, max := &b.reads, &b.maxReads
				write := isWriteCommand(cmd)
				if write {
					counter, max = &b.writes, &b.maxWrites
					b.writing(db, 1)
				}
				bumpMax(max, counter.Add(1))
				time.Sleep(b.delay)
				counter.Add(-1)
				if write {
					b.writing(db, -1)
				}
				b.handled.Add(1)
				if flags&flagMoreToCome != 0 {
					b.unanswered.Add(1)
					continue
				}
				if _, err = c.Write(wireMsg(h.requestID+1000, h.requestID, opCodeMsg, []byte{0, 0, 0, 0})); err != nil {
					return
				}
			}
		}()
	}
}

func startProxy(t *testing.T, delay time.Duration) (*fakeBackend, string) {
	t.Helper()
	backendLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &fakeBackend{delay: delay}
	go b.serve(t, backendLn)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		newProxy(backendLn.Addr().String(), slog.New(slog.NewTextHandler(io.Discard, nil))).serve(ctx, ln)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("proxy did not shut down")
		}
		backendLn.Close()
	})
	return b, ln.Addr().String()
}

// withDB builds a command document {<cmd>: 1, $db: "<db>"} as drivers send it ($db last).
func withDB(cmd, db string) []byte {
	e := append([]byte{0x10}, cmd...)
	e = append(e, 0)
	e = binary.LittleEndian.AppendUint32(e, 1)
	e = append(e, 0x02)
	e = append(e, "$db"...)
	e = append(e, 0)
	e = binary.LittleEndian.AppendUint32(e, uint32(len(db)+1))
	e = append(e, db...)
	e = append(e, 0)
	d := binary.LittleEndian.AppendUint32(nil, uint32(4+len(e)+1))
	d = append(d, e...)
	return append(d, 0)
}

// roundTripDB sends one command for database db on a new connection and waits for its reply.
func roundTripDB(t *testing.T, addr string, id int32, cmd, db string) {
	roundTripDoc(t, addr, id, cmd, withDB(cmd, db))
}

// roundTrip sends one command on a new connection and waits for its reply.
func roundTrip(t *testing.T, addr string, id int32, cmd string) {
	roundTripDoc(t, addr, id, cmd, bsonDoc(cmd, "$db"))
}

// roundTripDoc sends one command document on a new connection and waits for its reply.
func roundTripDoc(t *testing.T, addr string, id int32, cmd string, doc []byte) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err = c.Write(opMsg(id, 0, kind0(doc))); err != nil {
		t.Error(err)
		return
	}
	if _, h, err := readMessage(c, nil); err != nil || h.responseTo != id {
		t.Errorf("%s: reply %+v, %v", cmd, h, err)
	}
}

func TestProxySerializesWritesOnly(t *testing.T) {
	b, addr := startProxy(t, 20*time.Millisecond)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() { defer wg.Done(); roundTrip(t, addr, int32(i), "update") }()
		go func() { defer wg.Done(); roundTrip(t, addr, int32(100+i), "find") }()
	}
	wg.Wait()
	if m := b.maxWrites.Load(); m != 1 {
		t.Errorf("max concurrent writes at the backend = %d, want 1", m)
	}
	if m := b.maxReads.Load(); m < 2 {
		t.Errorf("max concurrent reads at the backend = %d, want reads not serialized", m)
	}
}

func TestProxyReleasesLock(t *testing.T) {
	b, addr := startProxy(t, 50*time.Millisecond)

	// A client that sends a write and disconnects before the reply.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = c.Write(opMsg(1, 0, kind0(bsonDoc("findAndModify")))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	c.Close()

	// An unacknowledged write: no reply will come.
	c2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err = c2.Write(opMsg(2, flagMoreToCome, kind0(bsonDoc("insert")))); err != nil {
		t.Fatal(err)
	}

	// Further writes must still go through (the lock was released both times). Wait for the
	// unacknowledged insert to finish first: its lock is released as soon as it is forwarded.
	done := make(chan struct{})
	go func() {
		for b.unanswered.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		roundTrip(t, addr, 3, "delete")
		roundTrip(t, addr, 4, "update")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("write lock not released")
	}
	if n := b.handled.Load(); n != 4 {
		t.Errorf("backend handled %d requests, want 4", n)
	}
	if m := b.maxWrites.Load(); m != 1 {
		t.Errorf("max concurrent writes at the backend = %d, want 1", m)
	}
}

func TestBSONString(t *testing.T) {
	if db, ok := bsonString(withDB("update", "ctip_cases"), "$db"); !ok || db != "ctip_cases" {
		t.Errorf("$db = %q, %v", db, ok)
	}
	// Elements of other types before $db are skipped: a string, a document, an array, a bool, an ObjectId.
	e := append([]byte{0x02}, "update\x00"...)
	e = binary.LittleEndian.AppendUint32(e, 6)
	e = append(e, "cases\x00"...)
	e = append(e, 0x03)
	e = append(e, "q\x00"...)
	e = append(e, bsonDoc("a", "b")...)
	e = append(e, 0x04)
	e = append(e, "u\x00"...)
	e = append(e, bsonDoc("0")...)
	e = append(e, 0x08, 'o', 0, 1)
	e = append(e, 0x07, 'i', 0)
	e = append(e, make([]byte, 12)...)
	e = append(e, 0x02)
	e = append(e, "$db\x00"...)
	e = binary.LittleEndian.AppendUint32(e, 3)
	e = append(e, "db\x00"...)
	d := binary.LittleEndian.AppendUint32(nil, uint32(4+len(e)+1))
	d = append(append(d, e...), 0)
	if db, ok := bsonString(d, "$db"); !ok || db != "db" {
		t.Errorf("$db after other elements = %q, %v", db, ok)
	}
	if _, ok := bsonString(bsonDoc("update", "$db"), "$db"); ok {
		t.Error("an int32 $db read as a string")
	}
	if _, ok := bsonString(d[:len(d)-9], "$db"); ok {
		t.Error("a truncated document read")
	}
	if _, _, db, err := opMsgCommand(opMsg(1, 0, kind0(withDB("insert", "x")))); err != nil || db != "x" {
		t.Errorf("opMsgCommand db = %q, %v", db, err)
	}
}

func TestProxySerializesWritesPerDatabase(t *testing.T) {
	b, addr := startProxy(t, 30*time.Millisecond)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(2)
		go func() { defer wg.Done(); roundTripDB(t, addr, int32(i), "update", "one") }()
		go func() { defer wg.Done(); roundTripDB(t, addr, int32(100+i), "findAndModify", "two") }()
	}
	wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.maxWritesPerDB != 1 {
		t.Errorf("max concurrent writes in one database = %d, want 1", b.maxWritesPerDB)
	}
	if m := b.maxWrites.Load(); m != 2 {
		t.Errorf("max concurrent writes overall = %d, want 2 (the two databases in parallel)", m)
	}
}
