#pragma once

#include "sandboxserver/HttpMessage.h"

#include <QList>
#include <QString>

namespace sd::sandbox {

struct SandboxUser
{
    QString name;
    QString password;
    bool canWrite = false; // read-only users get 403/40301 on writes
};

// HTTP Basic authentication against `users` (none: everyone is let in, as 200). 401 with a
// WWW-Authenticate challenge for unknown credentials, 403/40301 for a write by a read-only user.
HttpResponse authenticateBasic(const QList<SandboxUser> &users, const HttpRequest &request, bool isWrite,
                               const QString &resource);

} // namespace sd::sandbox
