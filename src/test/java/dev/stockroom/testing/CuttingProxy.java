package dev.stockroom.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 between a client and PostgreSQL that can cut one connection at the
 * worst moment: after the client's query reached the server and the server committed it, before
 * the answer gets back (the client sees an I/O error; the outcome is unknown to it), or before
 * the query is forwarded at all. Plain sockets; it understands just enough of the wire protocol
 * to wait for the server's ReadyForQuery, which the server sends only after the commit.
 */
public final class CuttingProxy implements AutoCloseable {
    public enum Cut {
        /** Forward the query, let the server finish and commit, then drop the connection instead of the answer. */
        AFTER_COMMIT,
        /** Drop the connection instead of forwarding the query. */
        BEFORE_QUERY
    }

    private record Armed(Cut cut, byte[] marker, CountDownLatch done) {
    }

    private final ServerSocket listener;
    private final int serverPort;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public CuttingProxy(int serverPort) {
        this.serverPort = serverPort;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "cutting-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Cuts the next connection whose client sends a message containing {@code marker}; the
     * returned latch opens once it is cut. Other traffic passes untouched, before and after.
     */
    public CountDownLatch arm(Cut cut, String marker) {
        CountDownLatch done = new CountDownLatch(1);
        armed.set(new Armed(cut, marker.getBytes(StandardCharsets.UTF_8), done));
        return done;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection(client, server);
                start("proxy-up", connection::clientToServer);
                start("proxy-down", connection::serverToClient);
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    private static void start(String name, Runnable pump) {
        Thread t = new Thread(pump, name);
        t.setDaemon(true);
        t.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile Armed cutting;  // set once this connection's query went up; its answer must not come down

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void clientToServer() {
            byte[] buf = new byte[65536];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    Armed a = armed.get();
                    if (a != null && contains(buf, n, a.marker()) && armed.compareAndSet(a, null)) {
                        if (a.cut() == Cut.BEFORE_QUERY) {
                            cut(a);
                            return;
                        }
                        cutting = a;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        void serverToClient() {
            byte[] buf = new byte[65536];
            ReplyReader reply = new ReplyReader();
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    Armed a = cutting;
                    if (a == null) {
                        out.write(buf, 0, n);
                        out.flush();
                    } else if (reply.readyForQuery(buf, n)) {
                        cut(a);  // the server has committed and said so: the client never hears it
                        return;
                    }
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        private void cut(Armed a) {
            closeBoth();
            a.done().countDown();
        }

        private void closeBoth() {
            close(client);
            close(server);
        }
    }

    /** Follows backend message frames (type byte, 4-byte length) until ReadyForQuery ('Z'). */
    private static final class ReplyReader {
        private final byte[] header = new byte[5];
        private int headerFill;
        private long bodyLeft;
        private boolean sawReady;

        boolean readyForQuery(byte[] buf, int n) {
            int i = 0;
            while (i < n) {
                if (bodyLeft > 0) {
                    int skip = (int) Math.min(bodyLeft, n - i);
                    i += skip;
                    bodyLeft -= skip;
                    if (bodyLeft == 0 && sawReady) {
                        return true;
                    }
                    continue;
                }
                header[headerFill++] = buf[i++];
                if (headerFill == 5) {
                    headerFill = 0;
                    long length = ((header[1] & 0xffL) << 24) | ((header[2] & 0xffL) << 16) | ((header[3] & 0xffL) << 8)
                            | (header[4] & 0xffL);
                    bodyLeft = length - 4;
                    sawReady = header[0] == 'Z';
                    if (bodyLeft == 0 && sawReady) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= n; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buf[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Waits for an armed cut to have happened. */
    public static void awaitCut(CountDownLatch cut) throws InterruptedException {
        if (!cut.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the proxy never saw the query it was armed for");
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(CuttingProxy::close);
    }
}
