package org.atende.sip.registrar;

import java.util.List;

/** Where the registrar keeps its bindings so they survive a restart. */
public interface BindingStore {

    /** A store that keeps nothing (registrations are lost on restart). */
    BindingStore NONE = new BindingStore() {
        @Override
        public List<Binding> loadAll() {
            return List.of();
        }

        @Override
        public void save(List<Binding> snapshot) {
        }
    };

    /** The stored bindings; called once at start, before the registrar serves requests. May block. */
    List<Binding> loadAll();

    /**
     * Replaces the stored bindings with {@code snapshot} (all bindings of all users). Must not block the caller
     * (the registrar's event loop); a later snapshot may supersede one not yet written.
     */
    void save(List<Binding> snapshot);
}
