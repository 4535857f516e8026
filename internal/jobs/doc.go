// SPDX-License-Identifier: Apache-2.0

// Package jobs runs Akashi's background work (sending mail now; bulk award
// rows, log appends and baking later) on a durable queue kept in the
// application's own database, with River (github.com/riverqueue/river) as the
// queue.
//
// # Transactions
//
// A job is a row in River's river_job table, written by [Queue.EnqueueTx] in
// the caller's transaction. So the job exists if and only if the change that
// caused it committed: an issued badge always gets its award mail, and a
// rolled-back sign-up never sends a verification mail. The row is invisible
// to the workers until the commit, so a job never runs ahead of the data it
// reads. [Queue.Enqueue] is for work that has no transaction of its own.
//
// # Delivery
//
// Every job is delivered at least once, not exactly once. A worker does its
// work and then River marks the job completed; a crash (or a lost database
// connection) between the two runs the job again, up to an hour later when
// River's rescuer finds it stuck. For mail this means a message that the SMTP server accepted just
// before the crash may be sent a second time. That is the right trade-off:
// SMTP has no way to ask a server "did you already take this message?", so
// the only alternative is at-most-once, marking the mail sent before handing
// it over, which loses mail silently whenever the handover fails. A duplicate
// sign-in link or award notice is a nuisance; a missing one locks a person
// out or hides their badge. Workers are written so that a repeat is harmless
// where they can be: the mail worker stops without sending when the outbox
// says the message was already sent ([ErrNothingToDo]).
//
// # Retries
//
// A job that fails is retried with exponential backoff: about 1 minute after
// the first failure, then 2, 4, 8 … minutes, each ±10% so that a burst of
// failures does not come back in step, and never more than 6 hours apart.
// [SendMail] gives up after 12 attempts, about 20 hours. A failure that will
// not go away by waiting (an SMTP 5xx reply, a malformed address) cancels the
// job at once, and the outbox records why.
//
// # Databases
//
// River reaches both databases through database/sql, so the application's
// one *sql.DB serves both, and [Queue.EnqueueTx] takes the application's
// *sql.Tx.
//
// On PostgreSQL ("postgres") the pool uses the pgx driver
// (github.com/jackc/pgx/v5/stdlib) and must allow more than one connection:
// [New] holds an advisory lock on one, so that servers starting together
// do not migrate at once, while River migrates on another. River's
// database/sql driver cannot LISTEN, so workers find new jobs by polling
// every [Options.PollInterval].
//
// On SQLite ("sqlite") the pool must use modernc.org/sqlite with
// busy_timeout set, WAL, and _txlock=immediate, as internal/store/sqlite
// opens it. River's own advice is a pool of one connection, which the
// application cannot afford; _txlock=immediate is what makes a larger pool
// safe. Some of River's transactions read before they write (the leader's
// scheduler, which makes retries due), and in WAL mode a transaction that
// began as a reader cannot become a writer once another connection has
// written: SQLITE_BUSY at once, whatever the busy timeout. BEGIN IMMEDIATE
// takes the write lock up front, where the busy timeout can wait for it.
// River's SQLite driver is younger than its PostgreSQL one and, lacking
// LISTEN, polls a notification table every 50 ms. Nothing serialises
// River's migrations on SQLite: two processes starting on the same fresh
// file at the same moment, one of them fails (and succeeds when restarted).
//
// # Adding a kind
//
// A kind is three things in one file, as send_mail.go shows: an args struct
// that implements [Job] (its Kind string is stored in the database and must
// never change); a worker with a Work method; and the port it needs, as a
// small interface here and a field in [Workers]. Then one line in
// Workers.register (job.go) and a test in the suite. Args are stored as JSON, so keep them to IDs and let
// the worker load the rest: the row may change between enqueue and work.
package jobs
