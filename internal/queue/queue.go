// Package queue owns storyline's distributed transport on NATS JetStream:
// the stream and its subjects, publishing read articles, the analysis
// worker that consumes them, the dead-letter subject for articles that keep
// failing, and the health and metrics of each process.
//
// One stream (STORYLINE by default, file storage) holds three subjects:
//
//   - storyline.raw: one message per article as read (article.Article as
//     JSON, before cleaning), with the Nats-Msg-Id header set to the
//     document id, ":" and the article's content hash, so that JetStream
//     drops re-publishes of the same content within the duplicate window;
//   - storyline.analysed: one notification (Analysed as JSON) per article a
//     worker stored, for the linker, with the message id "analysed:", the
//     document id, ":" and the stored version's hash;
//   - storyline.dead: messages that failed MaxDeliver times, with the
//     original payload and the last error in headers.
//
// Workers share one durable pull consumer with explicit acks. A worker
// acknowledges a message only after the store committed its article and
// the analysed notification was accepted by the stream, so a worker that
// dies at any point loses nothing: its unacknowledged messages are
// redelivered after the ack wait, and storing them again is harmless
// (store.Put is idempotent by content hash, and the notification is
// deduplicated by its message id).
//
// One linker links at a time (RunLinker): it holds a lease, a key with a
// TTL in the JetStream key-value bucket LeaseBucket that it keeps
// refreshing, while standbys wait for it to expire. It acknowledges the
// analysed notifications as they come and links in rounds when the queue
// falls quiet (package linkstage, after the re-dating pass), so a replay
// is linked as a single-process ingest links it.
//
// The package knows nothing of flags or printing; cmd/storyline wires it.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/article"
)

// Subjects of the stream.
const (
	SubjectRaw      = "storyline.raw"
	SubjectAnalysed = "storyline.analysed"
	SubjectDead     = "storyline.dead"
)

// Headers set on dead-lettered messages.
const (
	// HeaderError holds the last error of a dead-lettered message.
	HeaderError = "Storyline-Error"
	// HeaderDeliveries holds how many times it was delivered.
	HeaderDeliveries = "Storyline-Deliveries"
	// HeaderOrigMsgID holds its original Nats-Msg-Id, when it had one.
	HeaderOrigMsgID = "Storyline-Msg-Id"
	// HeaderOrigSeq holds its sequence in the stream.
	HeaderOrigSeq = "Storyline-Stream-Seq"
	// HeaderOrigSubject holds the subject it was published on.
	HeaderOrigSubject = "Storyline-Subject"
)

// DefaultStream is the stream's name unless Config.Stream says otherwise.
const DefaultStream = "STORYLINE"

// Config says where the stream lives and how it is kept. The zero value
// of every field but URL is usable.
type Config struct {
	// URL is the NATS server address (nats://HOST:PORT); several may be
	// given separated by commas.
	URL string
	// Stream is the stream's name (default DefaultStream).
	Stream string
	// Name identifies this connection in the server's monitoring.
	Name string
	// Duplicates is the window in which a message id seen before is dropped
	// (default one hour). Re-publishes after it are still harmless: the
	// store ignores a content it already holds.
	Duplicates time.Duration
	// MaxAge, when positive, drops messages older than it from the stream;
	// zero keeps them (the stream is then a replayable log of the inputs).
	MaxAge time.Duration
	// Memory keeps the stream in memory instead of files (tests).
	Memory bool
}

// Conn is a connection to NATS with JetStream and the stream verified.
// It is safe for concurrent use.
type Conn struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	stream string
}

// Connect connects to cfg.URL and creates the stream, or verifies and
// updates its subjects and limits when it exists. It retries the first
// connection until ctx is done, so processes may start before the server.
func Connect(ctx context.Context, cfg Config) (*Conn, error) {
	if cfg.Stream == "" {
		cfg.Stream = DefaultStream
	}
	if cfg.Duplicates <= 0 {
		cfg.Duplicates = time.Hour
	}
	opts := []nats.Option{
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.ReconnectWait(250 * time.Millisecond),
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", cfg.URL, err)
	}
	for !nc.IsConnected() {
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, fmt.Errorf("connect to %s: %w", cfg.URL, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream on %s: %w", cfg.URL, err)
	}
	storage := jetstream.FileStorage
	if cfg.Memory {
		storage = jetstream.MemoryStorage
	}
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        cfg.Stream,
		Description: "storyline articles: raw, analysed, dead-lettered",
		Subjects:    []string{SubjectRaw, SubjectAnalysed, SubjectDead},
		Retention:   jetstream.LimitsPolicy,
		Storage:     storage,
		Duplicates:  cfg.Duplicates,
		MaxAge:      cfg.MaxAge,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("create or update stream %s: %w", cfg.Stream, err)
	}
	return &Conn{nc: nc, js: js, stream: cfg.Stream}, nil
}

// Close drains the connection and waits (up to a few seconds) until it
// is closed, so that acks and naks sent without waiting for a reply
// reach the server before the process exits.
func (c *Conn) Close() error {
	if err := c.nc.Drain(); err != nil {
		c.nc.Close()
		return fmt.Errorf("drain nats connection: %w", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !c.nc.IsClosed() {
		if time.Now().After(deadline) {
			c.nc.Close()
			return errors.New("drain nats connection: timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// Connected reports whether the connection to the server is up.
func (c *Conn) Connected() bool { return c.nc.IsConnected() }

// JetStream returns the JetStream context, for consumers and key-value
// buckets beyond this package's own.
func (c *Conn) JetStream() jetstream.JetStream { return c.js }

// Stream returns the stream's name.
func (c *Conn) Stream() string { return c.stream }

// RawMsgID returns the message id under which a read article is
// published: its document id, ":" and its content hash.
func RawMsgID(a *article.Article) string {
	return a.ID + ":" + article.ContentHash(a)
}

// PublishRaw publishes one article as read to SubjectRaw and waits for the
// stream to store it. It reports whether the stream dropped it as a
// duplicate of a message published within the duplicate window.
func (c *Conn) PublishRaw(ctx context.Context, a *article.Article) (duplicate bool, err error) {
	if a.ID == "" {
		return false, errors.New("publish article: no document id")
	}
	data, err := json.Marshal(a)
	if err != nil {
		return false, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	ack, err := c.js.Publish(ctx, SubjectRaw, data, jetstream.WithMsgID(RawMsgID(a)), jetstream.WithExpectStream(c.stream))
	if err != nil {
		return false, fmt.Errorf("publish article %s: %w", a.ID, err)
	}
	return ack.Duplicate, nil
}

// Analysed is the notification a worker publishes to SubjectAnalysed for
// every article it stored: the linker reads the article's stored analysis
// by Doc.
type Analysed struct {
	// Doc is the document id.
	Doc string `json:"doc"`
	// Hash is the content hash of the version stored (store.Record.Hash).
	Hash string `json:"hash"`
	// Version is the stored version number of Doc (from 1).
	Version int `json:"version"`
	// Outcome is what storing did: "added", "updated", "renamed" (Doc is
	// then the derived id it was stored under) or "duplicate".
	Outcome string `json:"outcome"`
	// RawSeq is the stream sequence of the raw message it came from.
	RawSeq uint64 `json:"raw_seq"`
}

// MsgID returns the notification's message id: "analysed:", document id,
// ":" and hash. The prefix keeps it apart from the raw message of the same
// content, whose id would otherwise be the same (the stream's duplicate
// window spans all its subjects).
func (a Analysed) MsgID() string { return "analysed:" + a.Doc + ":" + a.Hash }

// publishAnalysed publishes n to SubjectAnalysed and waits for the stream.
func (c *Conn) publishAnalysed(ctx context.Context, n Analysed) error {
	data, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("encode analysed %s: %w", n.Doc, err)
	}
	if _, err := c.js.Publish(ctx, SubjectAnalysed, data, jetstream.WithMsgID(n.MsgID()), jetstream.WithExpectStream(c.stream)); err != nil {
		return fmt.Errorf("publish analysed %s: %w", n.Doc, err)
	}
	return nil
}
