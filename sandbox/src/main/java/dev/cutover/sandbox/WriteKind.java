package dev.cutover.sandbox;

/** What one application write did to a row. */
enum WriteKind {
  INSERT, UPDATE, DELETE
}
