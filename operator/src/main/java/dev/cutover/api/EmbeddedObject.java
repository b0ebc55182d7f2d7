package dev.cutover.api;

/** Schema stand-in for an embedded Kubernetes object whose fields are kept as given. */
final class EmbeddedObject {
  private EmbeddedObject() {}
}
