package org.atende.engine;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.atende.config.ListenConfig;
import org.atende.config.TlsClientConfig;
import org.atende.sip.transport.SipTransport;

/**
 * The TLS contexts of the SIP transport (RFC 3261 §26, RFC 5630): TLS 1.2 and 1.3 only, the JDK's provider. A TLS
 * listener's context comes from its PEM certificate chain and key; the client context trusts the JVM's certificates
 * and those of {@code server.tls.ca_certificates}, and checks that the peer's certificate names the host unless
 * {@code verify_server: false}.
 */
final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The context of one TLS listener; fails with the file named when the certificate or key cannot be read. */
    static SslContext server(ListenConfig listen) {
        for (java.nio.file.Path file : new java.nio.file.Path[] {listen.certificate(), listen.privateKey()}) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalStateException("TLS listener " + listen.address() + ":" + listen.port() + ": "
                        + file.toAbsolutePath() + " is not a readable file");
            }
        }
        try {
            return SslContextBuilder.forServer(listen.certificate().toFile(), listen.privateKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("TLS listener " + listen.address() + ":" + listen.port()
                    + ": cannot use certificate " + listen.certificate() + " with key " + listen.privateKey() + ": "
                    + rootMessage(e), e);
        }
    }

    static SipTransport.TlsClient client(TlsClientConfig config) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
            if (!config.verifyServer()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (config.caCertificates().isPresent()) {
                builder.trustManager(trustWithJvmCertificates(config));
            }
            return new SipTransport.TlsClient(builder.build(), config.verifyServer());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("server.tls.ca_certificates " + config.caCertificates().orElse(null)
                    + ": cannot be read as PEM certificates: " + rootMessage(e), e);
        }
    }

    /** The JVM's trusted certificates plus those in the configured PEM file. */
    private static TrustManagerFactory trustWithJvmCertificates(TlsClientConfig config)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        int n = 0;
        for (var manager : jvm.getTrustManagers()) {
            if (manager instanceof javax.net.ssl.X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jvm-" + n++, ca);
                }
            }
        }
        try (InputStream in = Files.newInputStream(config.caCertificates().get())) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in the file");
            }
            for (Certificate c : certificates) {
                store.setCertificateEntry("configured-" + n++, c);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
