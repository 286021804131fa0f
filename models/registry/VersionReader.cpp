#include "VersionReader.h"

namespace sd::registry {

void readVersion(RegistryClient *client, const QString &subject, int version, Support deletedField,
                 QObject *context, std::function<void(const Result<SchemaVersion> &, int requests)> done,
                 std::function<void(RequestJob *)> sent)
{
    const auto note = [sent](RequestJob *job) {
        if (sent)
            sent(job);
    };
    const QString number = QString::number(version);
    if (deletedField == Support::Yes) {
        note(client->getVersion(subject, number, true, context,
                                [done](const Result<SchemaVersion> &r) { done(r, 1); }));
        return;
    }
    QPointer<RegistryClient> guard(client);
    note(client->getVersion(
        subject, number, false, context,
        [guard, subject, version, number, context, done, note](const Result<SchemaVersion> &live) {
            if (live.ok() || !live.error.isNotFound() || !guard) {
                Result<SchemaVersion> r = live;
                if (r.ok())
                    r.value.deleted = false;
                done(r, 1);
                return;
            }
            // 404 for a version the listing with deleted=true named: soft-deleted (or gone meanwhile).
            note(guard->getVersion(subject, number, true, context,
                                   [subject, version, done](const Result<SchemaVersion> &any) {
                                       if (!any.ok() && any.error.isNotFound()) {
                                           done(any, 2); // hard-deleted meanwhile
                                           return;
                                       }
                                       // Some servers cannot read a soft-deleted version back: it is still
                                       // one, without its text.
                                       SchemaVersion v = any.ok() ? any.value : SchemaVersion{};
                                       v.subject = subject;
                                       v.version = version;
                                       v.deleted = true;
                                       done(Result<SchemaVersion>::success(std::move(v)), 2);
                                   }));
        }));
}

} // namespace sd::registry
