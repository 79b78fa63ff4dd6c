import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/** Serves the MongoDB wire protocol from memory on 127.0.0.1:<port> until stopped (see README.md). */
public final class MongoStandIn {
    /** Wire version 9 (MongoDB 4.4), the oldest the Node.js driver 7 in mongoose 9 accepts; the server's own enum stops at 8. */
    private static final MongoVersion ADVERTISED = new MongoVersion() {
        public List<Integer> getVersionArray() { return List.of(4, 4, 0); }
        public int getWireVersion() { return 9; }
    };

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        MongoServer server = new MongoServer(new MemoryBackend().version(ADVERTISED));
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("ready on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
