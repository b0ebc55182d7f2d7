package dev.cutover.store.postgres;

import dev.cutover.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a DSN: a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?sslmode=require}) or a libpq URI
 * ({@code postgres://user:password@host:port/db?sslmode=require}, also {@code postgresql://}).
 *
 * <p>The DSN is a secret: it is parsed once and never kept as a string. Errors say which
 * environment variable is wrong and how, never what it holds; {@link #toString()} shows host,
 * database and user only.
 */
public final class PostgresDsn {
  static final int DEFAULT_PORT = 5432;
  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final List<String> URI_PREFIXES = List.of("postgres://", "postgresql://");
  /** libpq parameter names that pgjdbc spells differently. */
  private static final Map<String, String> LIBPQ_TO_JDBC =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  /** What libpq and pgjdbc accept for sslmode; anything else is a typo no connection attempt fixes. */
  private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private final String source;
  private final List<String> hosts;
  private final String database;
  private final Properties properties;

  private PostgresDsn(String source, List<String> hosts, String database, Properties properties) {
    this.source = source;
    this.hosts = List.copyOf(hosts);
    this.database = database;
    this.properties = properties;
  }

  /**
   * Parses the DSN held by the environment variable {@code envVar} (named in errors).
   *
   * @throws StoreException BAD_INPUT naming {@code envVar} and what is wrong, without the DSN
   */
  public static PostgresDsn parse(String dsn, String envVar) throws StoreException {
    if (dsn == null || dsn.isBlank()) {
      throw malformed(envVar, "is not set or empty");
    }
    String trimmed = dsn.strip();
    if (trimmed.startsWith(JDBC_PREFIX)) {
      return fromJdbcUrl(trimmed, envVar);
    }
    for (String prefix : URI_PREFIXES) {
      if (trimmed.startsWith(prefix)) {
        return fromUri(trimmed.substring(prefix.length()), envVar);
      }
    }
    throw malformed(envVar, "does not start with jdbc:postgresql:, postgres:// or postgresql://");
  }

  /** Reads and parses the environment variable {@code envVar}. */
  public static PostgresDsn fromEnv(Map<String, String> env, String envVar) throws StoreException {
    return parse(env.get(envVar), envVar);
  }

  /** The JDBC URL without user, password or any other property. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + String.join(",", hosts) + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The connection properties, user and password included: hand them to the driver only. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The environment variable this DSN came from, for messages. */
  public String source() {
    return source;
  }

  public List<String> hosts() {
    return hosts;
  }

  public String database() {
    return database;
  }

  public String user() {
    return properties.getProperty("user");
  }

  /** For redaction only: the password, or null. */
  String password() {
    return properties.getProperty("password");
  }

  /** A copy of this DSN logging in to another database of the same server. */
  public PostgresDsn withDatabase(String otherDatabase) {
    return new PostgresDsn(source, hosts, otherDatabase, properties());
  }

  @Override
  public String toString() {
    String user = user() == null ? "" : " as " + user();
    return source + " (" + String.join(",", hosts) + "/" + database + user + ")";
  }

  private static PostgresDsn fromJdbcUrl(String url, String envVar) throws StoreException {
    Properties parsed;
    try {
      parsed = org.postgresql.Driver.parseURL(url, new Properties());
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed == null) {
      throw malformed(envVar, "is not a valid jdbc:postgresql://host:port/database URL");
    }
    String[] hostNames = parsed.getProperty("PGHOST", "").split(",", -1);
    String[] ports = parsed.getProperty("PGPORT", "").split(",", -1);
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < hostNames.length; i++) {
      if (hostNames[i].isEmpty()) {
        throw malformed(envVar, "names no host");
      }
      String port = i < ports.length && !ports[i].isEmpty() ? ports[i] : String.valueOf(DEFAULT_PORT);
      hosts.add(hostPort(hostNames[i], checkPort(port, envVar)));
    }
    String database = parsed.getProperty("PGDBNAME", "");
    if (database.isEmpty()) {
      throw malformed(envVar, "names no database");
    }
    Properties properties = new Properties();
    for (String name : parsed.stringPropertyNames()) {
      if (!name.startsWith("PG")) {
        properties.setProperty(checkParameter(name, parsed.getProperty(name), envVar), parsed.getProperty(name));
      }
    }
    return new PostgresDsn(envVar, hosts, database, properties);
  }

  /** Parses what follows {@code postgres://}: [user[:password]@]host[:port][,...][/database][?k=v&...]. */
  private static PostgresDsn fromUri(String rest, String envVar) throws StoreException {
    int queryStart = rest.indexOf('?');
    String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
    String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
    // The last '@' ends the credentials, so an unescaped '@', ':' or '/' in a password still parses.
    int at = beforeQuery.lastIndexOf('@');
    String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
    String hostAndPath = beforeQuery.substring(at + 1);
    int slash = hostAndPath.indexOf('/');
    String hostList = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
    String database = slash < 0 ? "" : decode(hostAndPath.substring(slash + 1), envVar, "database name");

    Properties properties = new Properties();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), envVar, "user name");
      if (!user.isEmpty()) {
        properties.setProperty("user", user);
      }
      if (colon >= 0) {
        properties.setProperty("password", decode(userInfo.substring(colon + 1), envVar, "password"));
      }
    }
    for (Map.Entry<String, String> parameter : queryParameters(query, envVar).entrySet()) {
      String name = LIBPQ_TO_JDBC.getOrDefault(parameter.getKey(), parameter.getKey());
      if (name.equals("dbname")) {
        database = parameter.getValue();
      } else {
        properties.setProperty(checkParameter(name, parameter.getValue(), envVar), parameter.getValue());
      }
    }
    if (database.isEmpty()) {
      throw malformed(envVar, "names no database (expected .../database after the host)");
    }
    return new PostgresDsn(envVar, parseHosts(hostList, envVar), database, properties);
  }

  private static List<String> parseHosts(String hostList, String envVar) throws StoreException {
    if (hostList.isEmpty()) {
      throw malformed(envVar, "names no host");
    }
    List<String> hosts = new ArrayList<>();
    for (String entry : hostList.split(",", -1)) {
      String host;
      String port = String.valueOf(DEFAULT_PORT);
      if (entry.startsWith("[")) {
        int close = entry.indexOf(']');
        if (close < 0 || (close + 1 < entry.length() && entry.charAt(close + 1) != ':')) {
          throw malformed(envVar, "has an IPv6 host without its closing ']'");
        }
        host = entry.substring(0, close + 1);
        if (close + 1 < entry.length()) {
          port = entry.substring(close + 2);
        }
      } else {
        int colon = entry.indexOf(':');
        host = colon < 0 ? entry : entry.substring(0, colon);
        if (colon >= 0) {
          port = entry.substring(colon + 1);
        }
      }
      host = decode(host, envVar, "host");
      if (host.isEmpty()) {
        throw malformed(envVar, "names no host");
      }
      hosts.add(hostPort(host, checkPort(port, envVar)));
    }
    return hosts;
  }

  private static Map<String, String> queryParameters(String query, String envVar) throws StoreException {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw malformed(envVar, "has a query parameter without name=value");
      }
      parameters.put(
          decode(pair.substring(0, equals), envVar, "query parameter"),
          decode(pair.substring(equals + 1), envVar, "query parameter"));
    }
    return parameters;
  }

  /**
   * Refuses a parameter the driver does not know (it would silently ignore it, so a mistyped
   * {@code sslmode} would connect without the SSL it asked for) and an sslmode outside its values.
   * Names the parameter, never its value.
   */
  private static String checkParameter(String name, String value, String envVar) throws StoreException {
    if (org.postgresql.PGProperty.forName(name) == null) {
      throw StoreException.badInput(envVar + " has the parameter '" + name + "', which the PostgreSQL driver does"
          + " not know; remove it or spell it as pgjdbc does (libpq's connect_timeout and application_name"
          + " are translated)");
    }
    if (name.equals("sslmode") && !SSL_MODES.contains(value)) {
      throw StoreException.badInput(envVar + " has an sslmode that is not one of " + String.join(", ", SSL_MODES));
    }
    return name;
  }

  private static int checkPort(String port, String envVar) throws StoreException {
    try {
      int value = Integer.parseInt(port);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw malformed(envVar, "has a port that is not a number from 1 to 65535");
  }

  private static String hostPort(String host, int port) {
    return host + ":" + port;
  }

  /** Percent-decodes (RFC 3986: '+' stays '+'), naming only the part that is wrong. */
  static String decode(String text, String envVar, String part) throws StoreException {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      int end = percent < 0 ? text.length() : percent;
      bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
      if (percent < 0) {
        break;
      }
      int high = percent + 2 < text.length() ? Character.digit(text.charAt(percent + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(text.charAt(percent + 2), 16) : -1;
      if (low < 0) {
        throw malformed(envVar, "has a malformed percent-escape in the " + part + " (expected %XX)");
      }
      bytes.write(high * 16 + low);
      i = percent + 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static StoreException malformed(String envVar, String problem) {
    return StoreException.badInput(
        envVar + " " + problem + "; expected postgres://user:password@host:port/database?sslmode=... "
            + "or jdbc:postgresql://host:port/database?user=...");
  }
}
