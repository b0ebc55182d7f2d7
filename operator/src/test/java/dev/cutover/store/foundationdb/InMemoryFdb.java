package dev.cutover.store.foundationdb;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyArrayResult;
import com.apple.foundationdb.KeyRangeArrayResult;
import com.apple.foundationdb.KeySelector;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MappedKeyValue;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.StreamingMode;
import com.apple.foundationdb.TransactionOptions;
import com.apple.foundationdb.async.AsyncIterable;
import com.apple.foundationdb.async.AsyncIterator;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An in-memory FoundationDB for tests of the read path: keys in unsigned lexicographic order
 * ({@link ByteArrayUtil#compareUnsigned}), read through real implementations of fdb-java's
 * {@link ReadTransaction} range reads.
 *
 * <p>What it honours: key selectors resolved the way the server resolves them, row limits
 * (0 = unlimited), reverse, streaming modes (each mode fetches in chunks of its own size, and every
 * chunk is one server round trip), snapshot isolation (a transaction reads the data as of its read
 * version, taken at its first read), and the 5-second limit: a round trip more than
 * {@value #MAX_TRANSACTION_MILLIS} simulated milliseconds after the read version fails with
 * {@code FDBException(1007)}. Errors arrive as fdb-java delivers them: a failed future from
 * {@code asList()}, a {@code CompletionException} from the iterator's {@code hasNext()}. Faults can
 * be injected on the Nth round trip or on all of them. Methods the read path does not use throw
 * {@link UnsupportedOperationException}.
 */
public final class InMemoryFdb {
  static final long MAX_TRANSACTION_MILLIS = 5_000;
  private static final byte[] KEYSPACE_END = {(byte) 0xff};

  private final TreeMap<byte[], byte[]> data = new TreeMap<>(ByteArrayUtil.comparator());
  private final SimulatedTicker clock;
  private final Map<Integer, FDBException> faultsByRoundTrip = new HashMap<>();
  private final List<KeySelector> rangeBegins = new ArrayList<>();
  private FDBException persistentFault;
  private NavigableMap<byte[], byte[]> lastSnapshot;
  private long dataVersion;
  private long lastSnapshotVersion = -1;
  private long millisPerRoundTrip;
  private long millisPerRow;
  private int roundTrips;
  private int transactionsOpened;
  private int transactionsClosed;

  public InMemoryFdb(SimulatedTicker clock) {
    this.clock = clock;
  }

  public void put(byte[] key, byte[] value) {
    data.put(key.clone(), value.clone());
    dataVersion++;
  }

  public void clear(byte[] key) {
    data.remove(key);
    dataVersion++;
  }

  /** Simulated cost of reads: per round trip, and per row returned. */
  public void readCost(long millisPerRoundTrip, long millisPerRow) {
    this.millisPerRoundTrip = millisPerRoundTrip;
    this.millisPerRow = millisPerRow;
  }

  /** The {@code n}th round trip (counting from 1 over the whole database) fails with {@code code}. */
  public void failRoundTrip(int n, int code) {
    faultsByRoundTrip.put(n, new FDBException(name(code), code));
  }

  /** Every round trip from now on fails with {@code code}; {@code 0} stops failing. */
  void failAllRoundTrips(int code) {
    persistentFault = code == 0 ? null : new FDBException(name(code), code);
  }

  private static String name(int code) {
    return switch (code) {
      case 1007 -> "transaction_too_old";
      case 1020 -> "not_committed";
      case 1031 -> "transaction_timed_out";
      case 2000 -> "client_invalid_operation";
      default -> "error_" + code;
    };
  }

  Transaction newTransaction() {
    transactionsOpened++;
    return new Transaction(false);
  }

  /** Opens transactions the way production does: a snapshot view, released on close. */
  public SnapshotTransaction.Opener opener() {
    return () -> {
      Transaction transaction = newTransaction();
      return new SnapshotTransaction(transaction.snapshot(), () -> transactionsClosed++);
    };
  }

  public int roundTrips() {
    return roundTrips;
  }

  public int transactionsOpened() {
    return transactionsOpened;
  }

  public int transactionsClosed() {
    return transactionsClosed;
  }

  /** The begin selector of every range read, in the order they were made. */
  List<KeySelector> rangeBegins() {
    return Collections.unmodifiableList(rangeBegins);
  }

  private NavigableMap<byte[], byte[]> dataAtNewReadVersion() {
    if (lastSnapshotVersion != dataVersion) {
      lastSnapshot = Collections.unmodifiableNavigableMap(new TreeMap<>(data));
      lastSnapshotVersion = dataVersion;
    }
    return lastSnapshot;
  }

  /** The resolution of a key selector: a key present at the read version, or the start or end of the key space. */
  static byte[] resolve(NavigableMap<byte[], byte[]> keys, KeySelector selector) {
    byte[] current = selector.orEqual() ? keys.floorKey(selector.getKey()) : keys.lowerKey(selector.getKey());
    for (int step = 0; step < selector.getOffset(); step++) {
      current = current == null ? (keys.isEmpty() ? null : keys.firstKey()) : keys.higherKey(current);
      if (current == null) {
        return KEYSPACE_END;
      }
    }
    for (int step = 0; step > selector.getOffset(); step--) {
      current = current == null ? null : keys.lowerKey(current);
    }
    return current == null ? new byte[0] : current;
  }

  /** Rows per round trip for a streaming mode; ITERATOR grows with each round trip as fdb-java's does. */
  static int chunkRows(StreamingMode mode, int limit, int roundTrip) {
    return switch (mode) {
      case EXACT -> limit;
      case SMALL -> 10;
      case MEDIUM -> 100;
      case LARGE, SERIAL -> 1_000;
      case ITERATOR -> Math.min(1_000, 10 << Math.min(roundTrip, 7));
      case WANT_ALL -> 5_000;
    };
  }

  /** A transaction; {@link #snapshot()} gives the snapshot view, which reads the same data here. */
  final class Transaction implements ReadTransaction {
    private final boolean snapshotView;
    private Transaction parent;
    private NavigableMap<byte[], byte[]> view;
    private long readVersionAt;

    private Transaction(boolean snapshotView) {
      this.snapshotView = snapshotView;
    }

    private Transaction root() {
      return parent == null ? this : parent;
    }

    /** One round trip to a storage server: the place where time passes and errors happen. */
    private NavigableMap<byte[], byte[]> roundTrip() {
      Transaction root = root();
      if (root.view == null) {
        root.view = dataAtNewReadVersion();
        root.readVersionAt = clock.nowMillis();
      }
      roundTrips++;
      FDBException fault = faultsByRoundTrip.remove(roundTrips);
      if (fault == null) {
        fault = persistentFault;
      }
      if (fault == null && clock.nowMillis() - root.readVersionAt > MAX_TRANSACTION_MILLIS) {
        fault = new FDBException("transaction_too_old", 1007);
      }
      if (fault != null) {
        throw fault;
      }
      clock.advance(millisPerRoundTrip);
      return root.view;
    }

    @Override
    public AsyncIterable<KeyValue> getRange(KeySelector begin, KeySelector end, int limit, boolean reverse,
        StreamingMode mode) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0");
      }
      if (mode == StreamingMode.EXACT && limit == 0) {
        throw new FDBException("exact_mode_without_limits", 2210);
      }
      rangeBegins.add(begin);
      return new RangeRead(this, begin, end, limit, reverse, mode);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(KeySelector begin, KeySelector end) {
      return getRange(begin, end, ROW_LIMIT_UNLIMITED);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(KeySelector begin, KeySelector end, int limit) {
      return getRange(begin, end, limit, false);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(KeySelector begin, KeySelector end, int limit, boolean reverse) {
      return getRange(begin, end, limit, reverse, StreamingMode.ITERATOR);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(byte[] begin, byte[] end) {
      return getRange(begin, end, ROW_LIMIT_UNLIMITED);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(byte[] begin, byte[] end, int limit) {
      return getRange(begin, end, limit, false);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
      return getRange(begin, end, limit, reverse, StreamingMode.ITERATOR);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse, StreamingMode mode) {
      return getRange(KeySelector.firstGreaterOrEqual(begin), KeySelector.firstGreaterOrEqual(end), limit, reverse, mode);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(Range range) {
      return getRange(range.begin, range.end);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(Range range, int limit) {
      return getRange(range.begin, range.end, limit);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(Range range, int limit, boolean reverse) {
      return getRange(range.begin, range.end, limit, reverse);
    }

    @Override
    public AsyncIterable<KeyValue> getRange(Range range, int limit, boolean reverse, StreamingMode mode) {
      return getRange(range.begin, range.end, limit, reverse, mode);
    }

    @Override
    public CompletableFuture<byte[]> get(byte[] key) {
      try {
        byte[] value = roundTrip().get(key);
        return CompletableFuture.completedFuture(value == null ? null : value.clone());
      } catch (FDBException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletableFuture<byte[]> getKey(KeySelector selector) {
      try {
        return CompletableFuture.completedFuture(resolve(roundTrip(), selector));
      } catch (FDBException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public boolean isSnapshot() {
      return snapshotView;
    }

    @Override
    public ReadTransaction snapshot() {
      Transaction view = new Transaction(true);
      view.parent = root();
      return view;
    }

    @Override
    public CompletableFuture<Long> getReadVersion() {
      try {
        roundTrip();
        return CompletableFuture.completedFuture(lastSnapshotVersion);
      } catch (FDBException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public <T> T read(Function<? super ReadTransaction, T> retryable) {
      return retryable.apply(this);
    }

    @Override
    public <T> CompletableFuture<T> readAsync(Function<? super ReadTransaction, ? extends CompletableFuture<T>> retryable) {
      return retryable.apply(this);
    }

    @Override
    public Executor getExecutor() {
      return Runnable::run;
    }

    @Override
    public void setReadVersion(long version) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public boolean addReadConflictRangeIfNotSnapshot(byte[] keyBegin, byte[] keyEnd) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public boolean addReadConflictKeyIfNotSnapshot(byte[] key) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public AsyncIterable<MappedKeyValue> getMappedRange(KeySelector begin, KeySelector end, byte[] mapper, int limit,
        boolean reverse, StreamingMode mode) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public CompletableFuture<Long> getEstimatedRangeSizeBytes(byte[] begin, byte[] end) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public CompletableFuture<Long> getEstimatedRangeSizeBytes(Range range) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public CompletableFuture<KeyArrayResult> getRangeSplitPoints(byte[] begin, byte[] end, long chunkSize) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public CompletableFuture<KeyArrayResult> getRangeSplitPoints(Range range, long chunkSize) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public CompletableFuture<KeyRangeArrayResult> getBlobGranuleRanges(byte[] begin, byte[] end, int rowLimit) {
      throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public TransactionOptions options() {
      throw new UnsupportedOperationException("not simulated");
    }
  }

  /** One getRange call: lazily fetched, a chunk per round trip, like fdb-java's RangeQuery. */
  private final class RangeRead implements AsyncIterable<KeyValue> {
    private final Transaction transaction;
    private final KeySelector begin;
    private final KeySelector end;
    private final int limit;
    private final boolean reverse;
    private final StreamingMode mode;

    RangeRead(Transaction transaction, KeySelector begin, KeySelector end, int limit, boolean reverse, StreamingMode mode) {
      this.transaction = transaction;
      this.begin = begin;
      this.end = end;
      this.limit = limit;
      this.reverse = reverse;
      this.mode = mode;
    }

    @Override
    public CompletableFuture<List<KeyValue>> asList() {
      List<KeyValue> rows = new ArrayList<>();
      Chunks chunks = new Chunks();
      try {
        while (chunks.fetchNext(rows)) {
          // every chunk is appended to rows
        }
        return CompletableFuture.completedFuture(rows);
      } catch (FDBException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public AsyncIterator<KeyValue> iterator() {
      Chunks chunks = new Chunks();
      return new AsyncIterator<>() {
        private final List<KeyValue> buffer = new ArrayList<>();
        private int position;
        private boolean exhausted;

        @Override
        public CompletableFuture<Boolean> onHasNext() {
          try {
            while (position >= buffer.size() && !exhausted) {
              buffer.clear();
              position = 0;
              exhausted = !chunks.fetchNext(buffer);
            }
            return CompletableFuture.completedFuture(position < buffer.size());
          } catch (FDBException e) {
            return CompletableFuture.failedFuture(e);
          }
        }

        @Override
        public boolean hasNext() {
          return onHasNext().join();
        }

        @Override
        public KeyValue next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return buffer.get(position++);
        }

        @Override
        public void cancel() {
          exhausted = true;
          buffer.clear();
        }
      };
    }

    /** The round trips of this read: each resolves the range and returns the next chunk of it. */
    private final class Chunks {
      private int delivered;
      private int fetches;
      private byte[] resumeAfter;
      private boolean done;

      /** Appends the next chunk to {@code out}; false when nothing more came (the read is complete). */
      boolean fetchNext(List<KeyValue> out) {
        if (done) {
          return false;
        }
        NavigableMap<byte[], byte[]> view = transaction.roundTrip();
        byte[] from = resolve(view, begin);
        byte[] to = resolve(view, end);
        NavigableMap<byte[], byte[]> range = ByteArrayUtil.compareUnsigned(from, to) >= 0
            ? Collections.emptyNavigableMap() : view.subMap(from, true, to, false);
        if (resumeAfter != null) {
          range = reverse ? range.headMap(resumeAfter, false) : range.tailMap(resumeAfter, false);
        }
        if (reverse) {
          range = range.descendingMap();
        }
        int wanted = chunkRows(mode, limit, fetches++);
        if (limit > 0) {
          wanted = Math.min(wanted, limit - delivered);
        }
        int got = 0;
        Iterator<Map.Entry<byte[], byte[]>> entries = range.entrySet().iterator();
        while (got < wanted && entries.hasNext()) {
          Map.Entry<byte[], byte[]> entry = entries.next();
          out.add(new KeyValue(entry.getKey().clone(), entry.getValue().clone()));
          got++;
        }
        delivered += got;
        clock.advance(got * millisPerRow);
        done = got == 0 || !entries.hasNext() || limit > 0 && delivered >= limit;
        resumeAfter = done ? null : out.get(out.size() - 1).getKey();
        return got > 0;
      }
    }
  }

  /** A clock that moves only when told to, or when something sleeps. */
  public static final class SimulatedTicker implements Ticker {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis) {
      sleeps.add(millis);
      now += millis;
    }

    public void advance(long millis) {
      now += millis;
    }

    List<Long> sleeps() {
      return Collections.unmodifiableList(sleeps);
    }
  }
}
