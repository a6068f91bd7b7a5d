package org.atende.sip.core;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.TransactionUser;
import org.atende.sip.transport.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS core of one shard (RFC 3261 §8.2): takes each new server transaction and decides what it is (OPTIONS,
 * REGISTER, a new INVITE, a request inside a dialog) and who handles it. OPTIONS it answers, REGISTER goes to the
 * registrar, a new INVITE to the {@link SessionUser} (the shard's calls), a request or ACK inside a dialog to the
 * {@link DialogUser} bound to that dialog. Runs on the shard's event loop only.
 */
public final class SipCore implements TransactionUser {

    /** Methods Atende handles; anything else gets 501 (unknown) with this Allow list. */
    public static final List<String> ALLOWED = SipBuilder.ALLOWED_METHODS;

    private static final Logger log = LoggerFactory.getLogger(SipCore.class);

    private final Executor loop;
    private final CoreServices services;
    private final SessionUser sessions;
    private final Map<Dialog.Key, DialogUser> dialogs = new HashMap<>();

    /**
     * @param loop     the shard's event loop (the registrar answers there)
     * @param services what all shards share
     * @param sessions who makes sessions of new INVITEs
     */
    public SipCore(Executor loop, CoreServices services, SessionUser sessions) {
        this.loop = loop;
        this.services = services;
        this.sessions = sessions;
    }

    /** Makes in-dialog requests and ACKs for {@code dialog} reach {@code user}. */
    public void bind(Dialog dialog, DialogUser user) {
        dialogs.put(dialog.key(), user);
    }

    public void unbind(Dialog dialog) {
        dialogs.remove(dialog.key());
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        SIPRequest request = tx.request();
        services.identity().stripOwnRoutes(request);
        var refusal = services.checks().check(request);
        if (refusal.isPresent()) {
            tx.sendResponse(refusal.get());
            return;
        }
        String toTag = request.getToTag();
        if (toTag != null && !toTag.isEmpty()) {
            onInDialogRequest(tx);
            return;
        }
        switch (request.getMethod()) {
            case SIPRequest.OPTIONS -> tx.sendResponse(optionsResponse(request));
            case SIPRequest.REGISTER -> onRegister(tx);
            case SIPRequest.INVITE -> onInvite(tx);
            case SIPRequest.BYE, "INFO", "UPDATE", "PRACK" -> tx.respond(481);
            default -> tx.respond(405);
        }
    }

    private void onRegister(ServerTransaction tx) {
        if (!services.identity().isLocal(tx.request().getRequestURI())) {
            tx.respond(404);
            return;
        }
        services.registrations().register(tx.request(), tx.source(), loop, tx::sendResponse);
    }

    private void onInvite(ServerTransaction tx) {
        SIPRequest invite = tx.request();
        if (services.stopping()) {
            SIPResponse busy = invite.createResponse(503, "Service Unavailable");
            try {
                busy.setHeader(SipBuilder.HEADERS.createRetryAfterHeader(30));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
            tx.sendResponse(busy);
            return;
        }
        if (!services.identity().isLocal(invite.getRequestURI())) {
            tx.respond(404);
            return;
        }
        if (invite.getMaxForwards() != null && invite.getMaxForwards().getMaxForwards() <= 0) {
            tx.respond(483);
            return;
        }
        sessions.onInvite(tx);
    }

    private void onInDialogRequest(ServerTransaction tx) {
        SIPRequest request = tx.request();
        DialogUser user = dialogs.get(Dialog.keyOf(request));
        if (user == null) {
            tx.respond(481);
            return;
        }
        if (!user.dialog().acceptRemoteCSeq(request.getCSeq().getSeqNumber())) {
            tx.respond(500);
            return;
        }
        user.onRequest(tx);
    }

    @Override
    public void onCancel(ServerTransaction invite, SIPRequest cancel) {
        if (!sessions.onCancel(invite)) {
            invite.respond(487);
        }
    }

    @Override
    public void onAck(SIPRequest ack, Endpoint source) {
        String toTag = ack.getToTag();
        DialogUser user = toTag == null ? null : dialogs.get(Dialog.keyOf(ack));
        if (user != null) {
            user.onAck(ack);
        }
    }

    @Override
    public void onStrayResponse(SIPResponse response, Endpoint source) {
        log.debug("stray {} for {} from {}", response.getStatusCode(), response.getCallId().getCallId(), source);
    }

    private SIPResponse optionsResponse(SIPRequest request) {
        SIPResponse ok = request.createResponse(200);
        try {
            ok.getTo().setTag(SipBuilder.newTag());
            SipBuilder.capabilities(ok);
            ok.setHeader(SipBuilder.HEADERS.createAcceptHeader("application", "sdp"));
            ok.setHeader(SipBuilder.HEADERS.createAcceptLanguageHeader(java.util.Locale.forLanguageTag("pt-BR")));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return ok;
    }
}
