package dev.cutover.sandbox;

/** The two databases of the sandbox: where the service runs today and where it moves. */
public enum Side {
  SOURCE("source", "self-hosted"),
  TARGET("target", "managed");

  private final String label;
  private final String backendValue;

  Side(String label, String backendValue) {
    this.label = label;
    this.backendValue = backendValue;
  }

  public String label() {
    return label;
  }

  /** The value of the backend flag (DATABASE_BACKEND) that makes this side primary. */
  public String backendValue() {
    return backendValue;
  }

  public Side other() {
    return this == SOURCE ? TARGET : SOURCE;
  }
}
