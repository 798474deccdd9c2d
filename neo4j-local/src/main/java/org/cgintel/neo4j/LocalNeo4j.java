package org.cgintel.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community DBMS with the Bolt connector on 127.0.0.1.
 *
 * <p>Used by {@code cgintel neo4j start} and the test command on machines without Docker.
 * Arguments: {@code --data DIR [--port 7687] [--host 127.0.0.1] [--pagecache-mb 256]
 * [--tx-memory-mb 1024]}. The password of user {@code neo4j} is taken from the environment
 * variable {@code NEO4J_PASSWORD} (required, at least 8 characters). Prints {@code READY} once
 * Bolt accepts connections and shuts the DBMS down cleanly on SIGTERM/SIGINT.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String data = opts.get("data");
        if (data == null) {
            System.err.println("usage: LocalNeo4j --data DIR [--port N] [--host H] [--pagecache-mb N]");
            System.exit(2);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set (at least 8 characters)");
            System.exit(2);
        }
        String host = opts.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
        long pageCacheMb = Long.parseLong(opts.getOrDefault("pagecache-mb", "256"));
        long txMemoryMb = Long.parseLong(opts.getOrDefault("tx-memory-mb", "1024"));

        Path home = Path.of(data).toAbsolutePath();
        Files.createDirectories(home);
        boolean fresh = !Files.exists(home.resolve("data").resolve("dbms"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        ByteUnit.mebiBytes(txMemoryMb))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        // Set the neo4j user's password (idempotent; embedded access bypasses auth).
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the value it already has: fine.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("same")) {
                System.err.println("could not set the neo4j password: " + msg);
            }
        }

        System.out.println((fresh ? "CREATED " : "OPENED ") + home);
        System.out.println("READY bolt://" + host + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("bad argument: " + a);
                System.exit(2);
            }
            out.put(a.substring(2), args[++i]);
        }
        return out;
    }
}
