package dev.cutover.store.foundationdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.LocalityUtil;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.async.CloseableAsyncIterator;
import dev.cutover.api.CutoverConstants;
import dev.cutover.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the FoundationDB cluster named by the cluster file at {@code CUTOVER_FDB_CLUSTER_FILE},
 * through fdb-java's JNI binding to the client library {@code libfdb_c}, and adapts the open
 * {@link Database} to the two seams the row source reads through. Messages name the cluster file's
 * path, never its contents.
 */
public final class FoundationDbConnector {
  /** The API version of the 7.3 client library fdb-java 7.3 is built for. */
  public static final int API_VERSION = 730;

  /** Opens a database from a cluster file path; the seam that keeps the native library out of tests. */
  @FunctionalInterface
  interface DatabaseOpener {
    Database open(String clusterFile);
  }

  private FoundationDbConnector() {}

  public static Database open(Map<String, String> env) throws StoreException {
    return open(env, FoundationDbConnector::openNative);
  }

  static Database open(Map<String, String> env, DatabaseOpener opener) throws StoreException {
    String clusterFile = env.get(CutoverConstants.ENV_FDB_CLUSTER_FILE);
    if (clusterFile == null || clusterFile.isBlank()) {
      throw StoreException.badInput(CutoverConstants.ENV_FDB_CLUSTER_FILE + " is not set: give the path of the"
          + " FoundationDB cluster file (the worker Job mounts it at " + CutoverConstants.FDB_CLUSTER_FILE_PATH + ")");
    }
    if (!Files.isReadable(Path.of(clusterFile))) {
      throw StoreException.badInput("the FoundationDB cluster file " + clusterFile + " (from "
          + CutoverConstants.ENV_FDB_CLUSTER_FILE + ") does not exist or is not readable");
    }
    try {
      return opener.open(clusterFile);
    } catch (LinkageError e) {
      throw StoreException.unavailable("the FoundationDB client library libfdb_c is not installed: install"
          + " foundationdb-clients 7.3 (it provides libfdb_c.so) in the worker image, or point the JVM at it with"
          + " -DFDB_LIBRARY_PATH_FDB_C=/path/to/libfdb_c.so", e);
    } catch (FDBException e) {
      throw StoreException.unavailable("FoundationDB could not open the cluster file " + clusterFile
          + ": error " + e.getCode() + " (" + e.getMessage() + ")", e);
    }
  }

  private static Database openNative(String clusterFile) {
    return FDB.selectAPIVersion(API_VERSION).open(clusterFile);
  }

  /** Short snapshot transactions on {@code database}, each with a timeout so that a lost cluster fails. */
  static SnapshotTransaction.Opener snapshots(Database database, ScanSettings settings) {
    return () -> {
      Transaction transaction = database.createTransaction();
      transaction.options().setTimeout(settings.transactionTimeoutMillis());
      return new SnapshotTransaction(transaction.snapshot(), transaction::close);
    };
  }

  /** The cluster's shard boundaries, read from its key-server map. */
  static ShardBoundaries shardBoundaries(Database database) {
    return (begin, end) -> {
      List<byte[]> keys = new ArrayList<>();
      try (CloseableAsyncIterator<byte[]> boundaries = LocalityUtil.getBoundaryKeys(database, begin, end)) {
        boundaries.forEachRemaining(keys::add);
      }
      return keys;
    };
  }
}
