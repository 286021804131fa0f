#include "DiffSession.h"

#include "items/ReferenceResolver.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <algorithm>
#include <QFutureWatcher>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

schema::SchemaType typeOf(const QString &name)
{
    return schema::schemaTypeFromName(name).value_or(schema::SchemaType::Avro);
}

// A text without a declared type: JSON Schema and Avro are both JSON; proto files are not.
QString guessType(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(u'{') && !trimmed.startsWith(u'[') && !trimmed.startsWith(u'"'))
        return u"PROTOBUF"_s;
    if (trimmed.contains(u"\"$schema\""_s) || trimmed.contains(u"\"properties\""_s))
        return u"JSON"_s;
    return u"AVRO"_s;
}

} // namespace

QString DiffSide::key() const
{
    if (isRegistry())
        return connectionId + u'|' + subject + u'|' + QString::number(version);
    return u"text|"_s + label + u'|' + QString::number(qHash(text), 16);
}

DiffSession::DiffSession(items::RegistryWorkspace *workspace, const DiffSide &left, const DiffSide &right,
                         QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_left(left)
    , m_right(right)
{}

DiffSession::~DiffSession()
{
    m_future.cancel();
}

QString DiffSession::title() const
{
    auto name = [](const DiffSide &side, const LoadedSide &loaded) {
        if (!side.isRegistry())
            return side.label.isEmpty() ? tr("text") : side.label;
        const int version = loaded.version > 0 ? loaded.version : side.version;
        return side.subject + (version > 0 ? u" v"_s + QString::number(version) : tr(" latest"));
    };
    return tr("diff: %1 ↔ %2").arg(name(m_left, m_leftLoaded), name(m_right, m_rightLoaded));
}

bool DiffSession::sidesOfOneKind() const
{
    return typeOf(m_leftLoaded.schemaType) == typeOf(m_rightLoaded.schemaType);
}

void DiffSession::setOptions(Normalization normalization, bool ignoreWhitespace)
{
    m_normalization = normalization;
    m_ignoreWhitespace = ignoreWhitespace;
    recompute();
}

schema::CompatibilityLevel DiffSession::level() const
{
    const DiffSide &side = m_right.isRegistry() ? m_right : m_left;
    if (m_workspace && side.isRegistry()) {
        const QModelIndex index = m_workspace->tree()->subjectIndex(side.connectionId, side.subject);
        const QString level = index.data(items::RegistryTreeModel::EffectiveCompatibilityRole).toString();
        if (const auto parsed = schema::compatibilityLevelFromName(level))
            return *parsed;
    }
    return schema::CompatibilityLevel::Backward;
}

void DiffSession::reload()
{
    m_loads.start();
    m_computations.cancel();
    m_future.cancel();
    m_error.clear();
    m_leftDone = m_rightDone = false;
    if (m_left.isRegistry() && m_left.version == DiffSide::previousVersion) {
        resolvePreviousThenLoad();
        return;
    }
    loadSide(true);
    loadSide(false);
}

void DiffSession::cancel()
{
    m_loads.cancel();
    m_computations.cancel();
    m_future.cancel();
}

// "Compare with previous": the version listed before the right side's (versions may have gaps).
void DiffSession::resolvePreviousThenLoad()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_left.connectionId) : nullptr;
    if (!client) {
        fail(tr("The connection is closed."));
        return;
    }
    // "Latest" means the latest live version, as the registry's /versions/latest does; a version named
    // explicitly may be soft-deleted, and so may the one before it.
    const bool withDeleted = m_right.version > 0;
    m_loads.track(client->listVersions(
        m_left.subject, withDeleted, false, m_loads.context(),
        [this](const registry::Result<QList<int>> &result) {
            if (!result) {
                fail(result.error.toDisplayString());
                return;
            }
            QList<int> versions = result.value;
            std::sort(versions.begin(), versions.end());
            const int target =
                m_right.version > 0 ? m_right.version : (versions.isEmpty() ? 0 : versions.last());
            const auto it = std::lower_bound(versions.cbegin(), versions.cend(), target);
            if (it == versions.cbegin()) {
                fail(tr("%1 v%2 is the first version: there is nothing before it to compare with.")
                         .arg(m_left.subject)
                         .arg(target));
                return;
            }
            m_left.version = *(it - 1);
            if (m_right.version <= 0)
                m_right.version = target;
            loadSide(true);
            loadSide(false);
        }));
}

void DiffSession::loadSide(bool leftSide)
{
    const DiffSide &side = leftSide ? m_left : m_right;
    if (!side.isRegistry()) {
        LoadedSide loaded;
        loaded.text = side.text;
        loaded.schemaType = side.schemaType.isEmpty() ? guessType(side.text) : side.schemaType;
        loaded.label = side.label;
        setLoaded(leftSide, loaded);
        return;
    }
    registry::RegistryClient *client = m_workspace ? m_workspace->client(side.connectionId) : nullptr;
    if (!client) {
        fail(tr("The connection of %1 is closed.").arg(side.subject));
        return;
    }
    const QString version = side.version > 0 ? QString::number(side.version) : u"latest"_s;
    const auto *connection = m_workspace->connection(side.connectionId);
    const QString connectionName = connection ? connection->profile.name : side.connectionId;
    m_loads.track(client->getVersion(
        side.subject, version, true, m_loads.context(),
        [this, leftSide, connectionName, client](const registry::Result<registry::SchemaVersion> &r) {
            if (!r) {
                fail(r.error.toDisplayString());
                return;
            }
            const QString subject =
                r.value.subject.isEmpty() ? (leftSide ? m_left : m_right).subject : r.value.subject;
            LoadedSide loaded;
            loaded.text = r.value.schema;
            loaded.schemaType = r.value.schemaType.isEmpty() ? u"AVRO"_s : r.value.schemaType;
            loaded.version = r.value.version;
            loaded.label = tr("%1 · %2 v%3 · id %4%5")
                               .arg(connectionName, subject)
                               .arg(r.value.version)
                               .arg(r.value.id)
                               .arg(r.value.deleted ? tr(" (soft-deleted)") : QString());
            if (r.value.references.isEmpty()) {
                setLoaded(leftSide, loaded);
                return;
            }
            // Named types from references are resolved as the schema view links them, so the semantic
            // summary and the canonical forms know them.
            items::resolveReferenceClosure(
                client, subject, r.value.references, m_loads.context(),
                [this, leftSide, loaded](const QList<schema::ResolvedReference> &resolved,
                                         const QString &) mutable {
                    loaded.references = resolved;
                    setLoaded(leftSide, loaded);
                });
        }));
}

void DiffSession::setLoaded(bool leftSide, const LoadedSide &loaded)
{
    (leftSide ? m_leftLoaded : m_rightLoaded) = loaded;
    (leftSide ? m_leftDone : m_rightDone) = true;
    Q_EMIT sideLoaded(leftSide, loaded.label);
    if (sidesLoaded())
        recompute();
}

void DiffSession::fail(const QString &message)
{
    m_error = message;
    Q_EMIT failed(message);
}

void DiffSession::swapSides()
{
    std::swap(m_left, m_right);
    std::swap(m_leftLoaded, m_rightLoaded);
    std::swap(m_leftDone, m_rightDone);
    recompute();
}

void DiffSession::recompute()
{
    if (!sidesLoaded())
        return;
    SchemaDiffRequest request;
    request.left = m_leftLoaded.text;
    request.right = m_rightLoaded.text;
    request.type = typeOf(m_leftLoaded.schemaType);
    request.leftReferences = m_leftLoaded.references;
    request.rightReferences = m_rightLoaded.references;
    request.normalization = m_normalization;
    request.options.whitespace = m_ignoreWhitespace ? WhitespaceMode::IgnoreAll : WhitespaceMode::Exact;
    const schema::SchemaType rightType = typeOf(m_rightLoaded.schemaType);
    request.semantic = request.type == rightType && request.type != schema::SchemaType::Protobuf;
    request.level = level();
    if (request.type != rightType && request.normalization != Normalization::AsStored) {
        // Two kinds of schema: normalise each as itself by diffing the normalised texts directly.
        request.normalization = Normalization::AsStored;
        request.left = SchemaNormalizer::normalize(request.type, m_leftLoaded.text, m_normalization).text;
        request.right = SchemaNormalizer::normalize(rightType, m_rightLoaded.text, m_normalization).text;
    }
    // The newest request wins: the older one is cancelled, and its watcher goes with its generation.
    m_future.cancel();
    auto *watcher = new QFutureWatcher<SchemaDiffResult>(m_computations.start());
    connect(watcher, &QFutureWatcher<SchemaDiffResult>::finished, this, [this, watcher] {
        const QFuture<SchemaDiffResult> future = watcher->future();
        if (future.isCanceled() || future.resultCount() == 0)
            return;
        SchemaDiffResult result = future.result();
        if (result.cancelled)
            return;
        m_result = std::move(result);
        Q_EMIT computed();
    });
    m_future = runSchemaDiffAsync(request);
    watcher->setFuture(m_future);
    Q_EMIT computing();
}

FoldedRows foldRows(const DiffResult &d, bool fold)
{
    FoldedRows folded;
    const int rowCount = int(d.rows.size());
    if (!fold || d.hunks.isEmpty()) {
        folded.shownRows.reserve(rowCount);
        for (int row = 0; row < rowCount; ++row)
            folded.shownRows << row;
        return folded;
    }
    // Every row stays in the document (a highlighter needs the whole schema).
    folded.shownRowOfRow.fill(-1, rowCount);
    folded.shownRows.reserve(rowCount + d.hunks.size() + 1);
    auto show = [&folded](int first, int end) {
        for (int row = first; row < end; ++row) {
            folded.shownRowOfRow[row] = int(folded.shownRows.size());
            folded.shownRows << row;
        }
    };
    auto hide = [&folded, &show](int first, int end) {
        folded.shownRows << -(end - first);
        folded.hiddenRows.append({int(folded.shownRows.size()), end - first});
        show(first, end);
    };
    int next = 0;
    for (const DiffHunk &hunk : d.hunks) {
        if (hunk.firstRow > next)
            hide(next, hunk.firstRow);
        show(hunk.firstRow, hunk.firstRow + hunk.rowCount);
        next = hunk.firstRow + hunk.rowCount;
    }
    if (next < rowCount)
        hide(next, rowCount);
    return folded;
}

} // namespace sd::diff
