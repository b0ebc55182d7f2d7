package dev.cutover.worker.verify;

import dev.cutover.store.Key;
import dev.cutover.store.TableShape;

/** One key whose row is not the same on both sides. */
record Difference(TableShape table, DifferenceKind kind, Key key) {}
