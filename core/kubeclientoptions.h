#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <chrono>

namespace tartan {

/// How KubeClient reaches an API server: what a kubeconfig context or the in-cluster service
/// account resolves to. TLS material is held as PEM bytes (a kubeconfig's *-data fields, or the
/// files it names, read when the config was resolved).
struct KubeClientOptions
{
    QUrl server;                   ///< https://host:port (or http:// for a plain-text stand-in)
    QByteArray bearerToken;        ///< sent as "Authorization: Bearer ..."; empty: none
    QByteArray caPem;              ///< trusted CAs; empty: the system's
    QByteArray clientCertPem;      ///< client certificate (with clientKeyPem)
    QByteArray clientKeyPem;
    bool insecureSkipTlsVerify = false;
    QString contextName;           ///< for messages: which kubeconfig context this came from
    QString userName;              ///< for messages: the kubeconfig user of that context

    /// Limit for one request that is not a watch.
    std::chrono::milliseconds requestTimeout{10000};
    /// Server-side limit of one watch request (timeoutSeconds); the watcher then resumes.
    std::chrono::seconds watchTimeout{300};
};

} // namespace tartan
