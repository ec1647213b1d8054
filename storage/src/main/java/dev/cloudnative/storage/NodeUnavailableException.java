package dev.cloudnative.storage;

/**
 * One storage node could not serve a request (connection refused, timeout, I/O error, a log left
 * unusable). Carries the node id. A node closed by its owner throws {@link IllegalStateException}
 * instead: that is a programming error, not an outage. Immutable.
 */
public class NodeUnavailableException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final String nodeId;

  public NodeUnavailableException(String nodeId, String message, Throwable cause) {
    super("node '" + nodeId + "': " + message, cause);
    this.nodeId = nodeId;
  }

  public NodeUnavailableException(String nodeId, String message) {
    this(nodeId, message, null);
  }

  /** The id of the node that failed. */
  public String nodeId() {
    return nodeId;
  }
}
