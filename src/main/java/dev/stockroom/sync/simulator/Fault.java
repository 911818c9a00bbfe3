package dev.stockroom.sync.simulator;

/** Something a simulated channel can do wrong on demand. */
public record Fault(Kind kind, int seconds) {
    public enum Kind {
        /** 429 with Retry-After in delay seconds */
        THROTTLE_SECONDS,
        /** 429 with Retry-After as an HTTP date */
        THROTTLE_DATE,
        /** 503 with Retry-After in seconds */
        UNAVAILABLE,
        /** 500 with an error body */
        SERVER_ERROR,
        /** never answers within the client's timeout */
        TIMEOUT,
        /** drops the connection without an answer */
        RESET,
        /** applies the change, then answers 200 with a body that is not JSON */
        GARBAGE
    }

    public static Fault throttleSeconds(int s) {
        return new Fault(Kind.THROTTLE_SECONDS, s);
    }

    public static Fault throttleDate(int s) {
        return new Fault(Kind.THROTTLE_DATE, s);
    }

    public static Fault unavailable(int s) {
        return new Fault(Kind.UNAVAILABLE, s);
    }

    public static Fault serverError() {
        return new Fault(Kind.SERVER_ERROR, 0);
    }

    public static Fault timeout(int s) {
        return new Fault(Kind.TIMEOUT, s);
    }

    public static Fault reset() {
        return new Fault(Kind.RESET, 0);
    }

    public static Fault garbage() {
        return new Fault(Kind.GARBAGE, 0);
    }
}
