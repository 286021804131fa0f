#pragma once

#include "AwsCredentials.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QUrl>

namespace sd::glue {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// What a request looks like to the signer: the headers given are all signed (Host is taken from the URL).
struct SigV4Request
{
    QByteArray method = "POST";
    QUrl url;
    HeaderList headers;
    QByteArray body;
};

// The signature and its working, kept so tests can compare each step with AWS's published ones.
struct SigV4Signature
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signedHeaders; // "content-type;host;x-amz-date"
    QByteArray signature;     // hex
    QByteArray authorization; // the Authorization header's value
    HeaderList headersToAdd;  // X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256, Authorization
};

// AWS Signature Version 4 with HMAC-SHA256, on Qt's own cryptography:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html
class SigV4Signer
{
public:
    SigV4Signer(AwsCredentials credentials, QString region, QString service);

    // Signs at `now` (UTC). `contentSha256` adds and signs X-Amz-Content-Sha256 (S3 wants it; Glue
    // does not, and accepts it).
    SigV4Signature sign(const SigV4Request &request, const QDateTime &now, bool contentSha256 = false) const;

    const AwsCredentials &credentials() const { return m_credentials; }
    const QString &region() const { return m_region; }
    const QString &service() const { return m_service; }

    // The steps, public for the tests against AWS's vectors.
    static QByteArray signingKey(const QString &secretAccessKey, const QByteArray &date,
                                 const QString &region, const QString &service);
    // The path with "." and ".." resolved and empty segments dropped, each segment percent-encoded.
    static QByteArray canonicalUri(const QUrl &url);
    // Name=value pairs percent-encoded and sorted by name, then value.
    static QByteArray canonicalQuery(const QUrl &url);
    // host[:port], the port only when it is not the scheme's default.
    static QByteArray hostHeader(const QUrl &url);
    static QByteArray hexSha256(const QByteArray &data);

private:
    AwsCredentials m_credentials;
    QString m_region;
    QString m_service;
};

} // namespace sd::glue
