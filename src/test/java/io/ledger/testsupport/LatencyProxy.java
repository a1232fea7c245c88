package io.ledger.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A TCP proxy on loopback that passes every byte on, in order, each chunk only once {@link #delay()}
 * has passed since it was read: a store on a slow network, for a client that connects here instead.
 * The delay applies to both directions and can be changed while connections are open; a chunk keeps
 * the delay it was read under.
 * <p>
 * Each direction of a connection has a reader, which stamps chunks and never waits for the delay,
 * and a writer, which forwards them when due: the delay is latency, not a bandwidth limit, however
 * many chunks a reply takes.
 * <p>
 * The proxy can also cut the link at a chosen point of the conversation ({@link #cutBefore}): the
 * client's host dying between two of its requests, whatever it was about to send next.
 */
public final class LatencyProxy implements AutoCloseable {

    /** A chunk as read, and the nanoTime at which it may be forwarded. */
    private record Chunk(byte[] bytes, long due) {
        /** The end of the stream, by identity. */
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicLong delayedChunks = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Predicate<byte[]>> cutBefore = new AtomicReference<>();
    private volatile boolean closed;

    private LatencyProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Listens on a free loopback port and forwards to {@code targetHost:targetPort}, at first without delay. */
    public static LatencyProxy to(String targetHost, int targetPort) {
        try {
            LatencyProxy proxy = new LatencyProxy(targetHost, targetPort);
            daemon("latency-proxy-accept", proxy::accept).start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Duration delay() {
        return delay.get();
    }

    /** From now on, every chunk read (either way) is forwarded {@code latency} after it was read. */
    public void delay(Duration latency) {
        delay.set(latency);
    }

    /**
     * From now on, the first chunk towards the target that {@code when} accepts is not forwarded: the
     * proxy closes instead ({@link #close()}), every connection at once. {@code when} sees each chunk
     * towards the target as read, from every connection's reader thread, so it must be thread-safe.
     */
    public void cutBefore(Predicate<byte[]> when) {
        cutBefore.set(when);
    }

    /** Whether the proxy was closed, by {@link #close()} or a {@link #cutBefore} that struck. */
    public boolean isClosed() {
        return closed;
    }

    /** How many chunks have been forwarded under a delay above zero, both directions together. */
    public long delayedChunks() {
        return delayedChunks.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pipe(client, server, true);
                pipe(server, client, false);
            } catch (IOException e) {
                // the target refused: the client sees its connection closed, as it would without the proxy
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from}'s input to {@code to}'s output through a queue of stamped chunks. */
    private void pipe(Socket from, Socket to, boolean towardsTarget) throws IOException {
        String direction = towardsTarget ? "to-store" : "to-client";
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        daemon("latency-proxy-read-" + direction, () -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    byte[] bytes = Arrays.copyOf(buffer, n);
                    Predicate<byte[]> cut = towardsTarget ? cutBefore.get() : null;
                    if (cut != null && cut.test(bytes)) {
                        close();
                        break;
                    }
                    Duration latency = delay.get();
                    chunks.add(new Chunk(bytes, System.nanoTime() + latency.toNanos()));
                    if (!latency.isZero()) {
                        delayedChunks.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // reset or closed: the end of this direction, as for an orderly end
            }
            chunks.add(Chunk.END);
        }).start();
        daemon("latency-proxy-write-" + direction, () -> {
            try {
                while (true) {
                    Chunk chunk = chunks.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    for (long wait; (wait = chunk.due() - System.nanoTime()) > 0;) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side is gone: nothing left to forward to
            }
            // one direction ended, so the connection is of no more use either way
            closeQuietly(from);
            closeQuietly(to);
        }).start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops accepting and closes every connection, which ends their threads. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(this::closeQuietly);
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
