#include "RegistrySnapshot.h"

#include <algorithm>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {
// "." sorts first, then contexts by name.
bool contextLess(const QString &a, const QString &b)
{
    const bool aDefault = a == "."_L1;
    const bool bDefault = b == "."_L1;
    if (aDefault != bDefault)
        return aDefault;
    return a < b;
}
} // namespace

RegistrySnapshot::Page RegistrySnapshot::pack(QList<Record> records)
{
    Page page;
    for (Record &record : records) {
        record.textHash = textHash(record.schema);
        record.text = page.texts.add(record.schema);
        record.schema = QString();
    }
    page.texts.seal();
    page.records = std::move(records);
    return page;
}

std::shared_ptr<const RegistrySnapshot> RegistrySnapshot::build(const QStringList &subjects,
                                                                QList<Record> records)
{
    QList<Page> pages;
    pages.append(pack(std::move(records)));
    return build(subjects, std::move(pages));
}

std::shared_ptr<const RegistrySnapshot> RegistrySnapshot::build(const QStringList &subjects,
                                                                QList<Page> pages)
{
    auto snapshot = std::make_shared<RegistrySnapshot>();
    RegistrySnapshot &s = *snapshot;
    // The pages' blocks become the snapshot's; their records' spans follow.
    QList<Record> records;
    qsizetype total = 0;
    for (const Page &page : std::as_const(pages))
        total += page.records.size();
    records.reserve(total);
    for (Page &page : pages) {
        const int firstBlock = s.m_texts.adopt(page.texts);
        for (Record &record : page.records) {
            if (record.text.block >= 0)
                record.text.block += firstBlock;
            records.append(std::move(record));
        }
        page = Page();
    }

    struct Key
    {
        QString context;
        QString name;
        int recordIndex; // -1 for a subject without versions
    };
    QList<Key> keys;
    keys.reserve(records.size() + subjects.size());
    QSet<QString> withVersions;
    withVersions.reserve(subjects.size());
    // A subject's versions come one after another: each subject is parsed once and its keys share the
    // strings (at 300k versions, per-record copies were a third of the build's peak).
    QString previous;
    QualifiedSubject q;
    for (int i = 0; i < records.size(); ++i) {
        if (i == 0 || records.at(i).subject != previous) {
            previous = records.at(i).subject;
            q = QualifiedSubject::parse(previous);
            withVersions.insert(q.toString());
        }
        keys.append({q.context, q.name, i});
    }
    for (const QString &subject : subjects) {
        const QualifiedSubject q = QualifiedSubject::parse(subject);
        if (!withVersions.contains(q.toString()))
            keys.append({q.context, q.name, -1});
    }
    std::sort(keys.begin(), keys.end(), [&records](const Key &a, const Key &b) {
        if (a.context != b.context)
            return contextLess(a.context, b.context);
        if (a.name != b.name)
            return a.name < b.name;
        const int va = a.recordIndex < 0 ? -1 : records.at(a.recordIndex).version;
        const int vb = b.recordIndex < 0 ? -1 : records.at(b.recordIndex).version;
        return va < vb;
    });

    QHash<QString, int> typeIndex;
    QHash<quint64, int> schemaIndex; // (context index, id) → index
    s.m_versions.reserve(records.size());
    s.m_contexts.append({u"."_s, 0, 0}); // the default context always exists, and sorts first
    s.m_subjectIndex.reserve(subjects.size());
    for (const Key &key : std::as_const(keys)) {
        if (s.m_contexts.constLast().name != key.context) {
            s.m_contexts.append({key.context, int(s.m_subjects.size()), 0});
        }
        Context &ctx = s.m_contexts.last();
        if (s.m_subjects.isEmpty() || s.m_subjects.constLast().name != key.name ||
            s.m_subjects.constLast().context != s.m_contexts.size() - 1) {
            Subject subject;
            subject.name = key.name;
            subject.context = int(s.m_contexts.size() - 1);
            subject.versionsBegin = int(s.m_versions.size());
            subject.deleted = true;
            s.m_subjects.append(subject);
            ++ctx.subjectsCount;
            s.m_subjectIndex.insert(QualifiedSubject{key.context, key.name}.toString(),
                                    int(s.m_subjects.size() - 1));
        }
        if (key.recordIndex < 0)
            continue;
        Record &record = records[key.recordIndex];
        Subject &subject = s.m_subjects.last();
        if (subject.versionsCount > 0 && s.m_versions.constLast().version == record.version)
            continue; // the same version from two overlapping pages
        Version v;
        v.version = record.version;
        v.id = record.id;
        v.deleted = record.deleted;
        const QString type = record.schemaType.isEmpty() ? defaultSchemaType() : record.schemaType;
        auto t = typeIndex.constFind(type);
        if (t == typeIndex.constEnd()) {
            t = typeIndex.insert(type, int(s.m_typeNames.size()));
            s.m_typeNames.append(type);
        }
        v.typeIndex = quint8(t.value());
        // Within a context an id names one schema: store its text once.
        const quint64 schemaKey = quint64(s.m_contexts.size() - 1) << 32 | quint32(record.id);
        auto sc = schemaIndex.constFind(schemaKey);
        if (sc == schemaIndex.constEnd() || s.m_schemas.at(sc.value()).hash != record.textHash ||
            s.m_schemas.at(sc.value()).span.size != record.text.size) {
            sc = schemaIndex.insert(schemaKey, int(s.m_schemas.size()));
            s.m_schemas.append({record.text, record.textHash});
        }
        v.schemaIndex = sc.value();
        v.referencesBegin = int(s.m_references.size());
        v.referencesCount = quint16(qMin<qsizetype>(record.references.size(), 0xFFFF));
        s.m_references.append(record.references.mid(0, v.referencesCount));
        s.m_versions.append(v);
        record = Record(); // its strings are no longer needed: the next records can reuse the memory
        ++subject.versionsCount;
        if (!v.deleted)
            subject.deleted = false;
    }
    // A subject listed without any version is shown as it was listed, not as deleted.
    for (Subject &subject : s.m_subjects) {
        if (subject.versionsCount == 0)
            subject.deleted = false;
    }
    return snapshot;
}

QString RegistrySnapshot::schemaText(int schemaIndex) const
{
    return schemaIndex >= 0 ? m_texts.text(m_schemas.at(schemaIndex).span) : QString();
}

quint64 RegistrySnapshot::schemaHash(const Version &v) const
{
    return v.schemaIndex >= 0 ? m_schemas.at(v.schemaIndex).hash : textHash(QStringView());
}

QList<SchemaReference> RegistrySnapshot::references(const Version &v) const
{
    return m_references.mid(v.referencesBegin, v.referencesCount);
}

QString RegistrySnapshot::qualifiedName(int subjectIndex) const
{
    const Subject &s = m_subjects.at(subjectIndex);
    return QualifiedSubject{m_contexts.at(s.context).name, s.name}.toString();
}

int RegistrySnapshot::findSubject(const QString &qualifiedName) const
{
    return m_subjectIndex.value(QualifiedSubject::parse(qualifiedName).toString(), -1);
}

int RegistrySnapshot::findContext(const QString &contextName) const
{
    for (int i = 0; i < m_contexts.size(); ++i) {
        if (m_contexts.at(i).name == contextName)
            return i;
    }
    return -1;
}

int RegistrySnapshot::latestLiveVersion(int subjectIndex) const
{
    const Subject &s = m_subjects.at(subjectIndex);
    for (int i = s.versionsBegin + s.versionsCount - 1; i >= s.versionsBegin; --i) {
        if (!m_versions.at(i).deleted)
            return i;
    }
    return -1;
}

qsizetype RegistrySnapshot::approximateBytes() const
{
    qsizetype bytes = m_versions.size() * qsizetype(sizeof(Version)) +
                      m_subjects.size() * qsizetype(sizeof(Subject)) +
                      m_references.size() * qsizetype(sizeof(SchemaReference));
    for (const Subject &s : m_subjects)
        bytes += s.name.size() * 2 + 24;
    bytes += m_schemas.size() * qsizetype(sizeof(Schema)) + m_texts.approximateBytes();
    bytes += m_subjectIndex.size() * 48;
    return bytes;
}

} // namespace sd::registry
