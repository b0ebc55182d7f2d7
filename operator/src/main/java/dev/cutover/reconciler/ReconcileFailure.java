package dev.cutover.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** One line for status and Events about why a reconcile failed, with no secret in it. */
final class ReconcileFailure {
  static final int MAX = 500;

  private ReconcileFailure() {}

  static String describe(Exception e) {
    String text;
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      text = "the API server refused a request (HTTP " + k.getCode() + "): " + k.getStatus().getMessage();
    } else {
      text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    text = text.replaceAll("\\s+", " ").trim();
    return text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text;
  }
}
