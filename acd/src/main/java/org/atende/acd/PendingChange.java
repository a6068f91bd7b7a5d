package org.atende.acd;

/** A change an agent asked for during a queue call, carried out once the call and its wrap-up end. */
public enum PendingChange {
    NONE,
    /** Paused (with the reason asked for) once the call and its wrap-up end. */
    PAUSE,
    /** Logged out once the call and its wrap-up end. */
    LOGOUT
}
