#include "transfer/CopyPlan.h"

#include "registry/EnumNames.h"

#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::transfer {

using registry::QualifiedSubject;
using registry::RegistrySnapshot;

namespace {

const QString kImport = u"IMPORT"_s;

CopyAction makeAction(ActionKind kind, const QString &subject, const QString &target,
                      const QString &value = {})
{
    CopyAction a;
    a.kind = kind;
    a.subject = subject;
    a.target = target;
    a.value = value;
    return a;
}

bool isImport(const QString &mode)
{
    return mode.compare(kImport, Qt::CaseInsensitive) == 0;
}

// Registries store a schema's text in their own normal form (key order, spacing), so a copy's text may be
// written differently from the source's: JSON texts are compared as JSON values (key order ignored),
// Protobuf texts with runs of white space collapsed.
bool sameText(const QString &type, const QString &a, const QString &b)
{
    if (a == b)
        return true;
    if (type == u"PROTOBUF")
        return a.simplified() == b.simplified();
    const QJsonDocument da = QJsonDocument::fromJson(a.toUtf8());
    return !da.isNull() && da == QJsonDocument::fromJson(b.toUtf8());
}

int findVersion(const RegistrySnapshot &snapshot, int subjectIndex, int version)
{
    if (subjectIndex < 0)
        return -1;
    const RegistrySnapshot::Subject &s = snapshot.subject(subjectIndex);
    for (int i = s.versionsBegin; i < s.versionsBegin + s.versionsCount; ++i) {
        if (snapshot.version(i).version == version)
            return i;
    }
    return -1;
}

QString contextOfSubject(const QString &qualified)
{
    return QualifiedSubject::parse(qualified).context;
}

// One source version taking part in the copy.
struct Node
{
    int versionIndex = -1;
    int subjectIndex = -1;
    bool selected = true; // false: pulled in as a reference
};

// Appends `actions`, whose dependencies count from 0, after those already in `plan`.
void appendShifted(CopyPlan &plan, QList<CopyAction> actions)
{
    const int offset = int(plan.actions.size());
    for (CopyAction &a : actions) {
        for (int &d : a.dependsOn)
            d += offset;
    }
    plan.actions.append(actions);
}

class Planner
{
public:
    explicit Planner(const PlanInput &input)
        : m_in(input)
        , m_src(*input.source)
        , m_dst(*input.destination)
    {}

    CopyPlan run();
    QStringList subjectsNeedingModes();
    QStringList destinationContexts();

private:
    void collectNodes();
    void orderNodes();
    bool visit(int node, QList<int> &path);
    void decideVersions(CopyPlan &plan, const QSet<int> &purged);
    CopyAction versionAction(const Node &node,
                             const QString &target) const; // the fields every decision shares
    void decideKept(CopyPlan &plan, const Node &node, const QString &target, int dstVersion);
    void decideNewIds(CopyPlan &plan, const Node &node, const QString &target);
    // A Register action waits for the Register actions of the versions its version references.
    void dependOnReferences(CopyAction &action, const Node &node) const;
    void addRegister(CopyPlan &plan, const CopyAction &action, const Node &node, const QString &target);
    void planModes(CopyPlan &plan, QSet<int> *purged);
    void planSettings(CopyPlan &plan);
    QString targetOf(const Node &node) const
    {
        return m_in.mapping.mapToB(m_src.qualifiedName(node.subjectIndex));
    }
    bool contextHasLiveSubjects(const QString &context) const;
    // A source version's schema against a destination version's, by hash, else by sameText.
    bool sameSchema(const RegistrySnapshot::Version &source,
                    const RegistrySnapshot::Version &destination) const
    {
        return m_src.schemaHash(source) == m_dst.schemaHash(destination) ||
               sameText(m_src.typeName(source), m_src.schemaText(source), m_dst.schemaText(destination));
    }
    void indexDestinationIds();

    const PlanInput &m_in;
    const RegistrySnapshot &m_src;
    const RegistrySnapshot &m_dst;
    bool m_keepIds = true;
    QList<Node> m_nodes;
    QHash<int, int> m_nodeOfVersion; // source version index → node
    QList<int> m_order;              // nodes, references first
    QHash<int, int> m_state;         // DFS: 1 visiting, 2 done
    QString m_cycle;
    int m_pulledIn = 0;
    QHash<QString, int> m_dstIds;       // "context" + newline + "id" → a destination version holding it
    QHash<int, int> m_registerOf;       // node → its Register action
    QHash<QString, int> m_lastRegister; // target subject → its last Register action (new ids)
    QSet<QString> m_writtenTargets;     // destination subjects with a Register
    QSet<int> m_purged;                 // destination version indexes IMPORT will purge
};

void Planner::collectNodes()
{
    const QStringList subjects = CopyPlanner::selectedSubjects(m_src, m_in.mapping);
    for (const QString &name : subjects) {
        const int s = m_src.findSubject(name);
        const RegistrySnapshot::Subject &subject = m_src.subject(s);
        for (int v = subject.versionsBegin; v < subject.versionsBegin + subject.versionsCount; ++v) {
            if (m_src.version(v).deleted && !m_in.options.includeDeleted)
                continue;
            m_nodeOfVersion.insert(v, int(m_nodes.size()));
            m_nodes.append({v, s, true});
        }
    }
    // References pull in the versions they name, selected or not.
    for (int n = 0; n < m_nodes.size(); ++n) {
        const Node node = m_nodes.at(n);
        const QString context = m_src.context(m_src.subject(node.subjectIndex).context).name;
        for (const registry::SchemaReference &ref : m_src.references(m_src.version(node.versionIndex))) {
            const QString qualified = QualifiedSubject::parseRelative(ref.subject, context).toString();
            const int s = m_src.findSubject(qualified);
            const int v = findVersion(m_src, s, ref.version);
            if (v < 0 || m_nodeOfVersion.contains(v))
                continue;
            m_nodeOfVersion.insert(v, int(m_nodes.size()));
            m_nodes.append({v, s, false});
            ++m_pulledIn;
        }
    }
}

bool Planner::visit(int node, QList<int> &path)
{
    const int state = m_state.value(node);
    if (state == 2)
        return true;
    path.append(node);
    if (state == 1) {
        QStringList names;
        for (qsizetype i = path.indexOf(node); i < path.size(); ++i) {
            const Node &n = m_nodes.at(path.at(i));
            names << u"%1 v%2"_s.arg(m_src.qualifiedName(n.subjectIndex))
                         .arg(m_src.version(n.versionIndex).version);
        }
        m_cycle = names.join(u" → ");
        return false;
    }
    m_state.insert(node, 1);
    const Node n = m_nodes.at(node);
    const QString context = m_src.context(m_src.subject(n.subjectIndex).context).name;
    for (const registry::SchemaReference &ref : m_src.references(m_src.version(n.versionIndex))) {
        const int s = m_src.findSubject(QualifiedSubject::parseRelative(ref.subject, context).toString());
        const int v = findVersion(m_src, s, ref.version);
        if (v >= 0 && m_nodeOfVersion.contains(v) && !visit(m_nodeOfVersion.value(v), path))
            return false;
    }
    m_state.insert(node, 2);
    path.removeLast();
    m_order.append(node);
    return true;
}

void Planner::orderNodes()
{
    for (int n = 0; n < m_nodes.size() && m_cycle.isEmpty(); ++n) {
        QList<int> path;
        visit(n, path);
    }
}

void Planner::indexDestinationIds()
{
    for (int s = 0; s < m_dst.subjectCount(); ++s) {
        const RegistrySnapshot::Subject &subject = m_dst.subject(s);
        const QString context = m_dst.context(subject.context).name;
        for (int v = subject.versionsBegin; v < subject.versionsBegin + subject.versionsCount; ++v) {
            const RegistrySnapshot::Version &version = m_dst.version(v);
            m_dstIds.insert(context + u'\n' + QString::number(version.id), v);
        }
    }
}

bool Planner::contextHasLiveSubjects(const QString &context) const
{
    const int c = m_dst.findContext(context);
    if (c < 0)
        return false;
    const RegistrySnapshot::Context &ctx = m_dst.context(c);
    for (int s = ctx.subjectsBegin; s < ctx.subjectsBegin + ctx.subjectsCount; ++s) {
        if (!m_dst.subject(s).deleted)
            return true;
    }
    return false;
}

CopyAction Planner::versionAction(const Node &node, const QString &target) const
{
    const RegistrySnapshot::Version &v = m_src.version(node.versionIndex);
    CopyAction action;
    action.subject = m_src.qualifiedName(node.subjectIndex);
    action.target = target;
    action.version = v.version;
    action.id = v.id;
    action.versionIndex = node.versionIndex;
    return action;
}

void Planner::decideKept(CopyPlan &plan, const Node &node, const QString &target, int dstVersion)
{
    const RegistrySnapshot::Version &v = m_src.version(node.versionIndex);
    CopyAction action = versionAction(node, target);
    const bool same = [&](int d) {
        if (d < 0)
            return false;
        const RegistrySnapshot::Version &w = m_dst.version(d);
        return m_src.typeName(v) == m_dst.typeName(w) &&
               mapReferences(m_src.references(v), m_in.mapping) == m_dst.references(w) && sameSchema(v, w);
    }(dstVersion);
    if (dstVersion >= 0) {
        const RegistrySnapshot::Version &w = m_dst.version(dstVersion);
        if (same && w.id == v.id && w.deleted == v.deleted) {
            action.kind = ActionKind::Skip;
            action.reason = u"identical at the destination (id %1)"_s.arg(v.id);
        } else if (same && w.id == v.id && v.deleted) {
            action.kind = ActionKind::SoftDelete;
            action.reason = u"soft-deleted on the source"_s;
        } else {
            action.kind = ActionKind::Conflict;
            action.reason = !same ? u"version %1 holds another schema at the destination"_s.arg(v.version)
                            : w.id != v.id
                                ? u"version %1 has id %2 at the destination"_s.arg(v.version).arg(w.id)
                                : u"version %1 is soft-deleted at the destination"_s.arg(v.version);
        }
        plan.actions.append(action);
        return;
    }
    const QString idKey = contextOfSubject(target) + u'\n' + QString::number(v.id);
    if (const auto it = m_dstIds.constFind(idKey);
        it != m_dstIds.cend() && !sameSchema(v, m_dst.version(it.value()))) {
        action.kind = ActionKind::Conflict;
        action.reason = u"id %1 belongs to another schema at the destination"_s.arg(v.id);
        plan.actions.append(action);
        return;
    }
    action.kind = ActionKind::Register;
    dependOnReferences(action, node);
    addRegister(plan, action, node, target);
}

void Planner::decideNewIds(CopyPlan &plan, const Node &node, const QString &target)
{
    const RegistrySnapshot::Version &v = m_src.version(node.versionIndex);
    CopyAction action = versionAction(node, target);
    const int d = m_dst.findSubject(target);
    if (d >= 0) {
        const RegistrySnapshot::Subject &subject = m_dst.subject(d);
        for (int w = subject.versionsBegin; w < subject.versionsBegin + subject.versionsCount; ++w) {
            const RegistrySnapshot::Version &dv = m_dst.version(w);
            if (m_dst.typeName(dv) != m_src.typeName(v) || !sameSchema(v, dv))
                continue;
            action.kind = dv.deleted == v.deleted ? ActionKind::Skip : ActionKind::SoftDelete;
            action.value = QString::number(dv.version); // the destination's version
            action.reason = dv.deleted == v.deleted
                                ? u"same schema as version %1 at the destination"_s.arg(dv.version)
                                : u"soft-deleted on the source"_s;
            if (!(dv.deleted && !v.deleted)) {
                plan.actions.append(action);
                return;
            }
        }
    }
    action.kind = ActionKind::Register;
    action.reason.clear();
    action.value.clear();
    dependOnReferences(action, node);
    // New version numbers follow the order of registration: a subject's versions go one after another.
    if (const auto it = m_lastRegister.constFind(target); it != m_lastRegister.cend())
        action.dependsOn.append(it.value());
    m_lastRegister.insert(target, int(plan.actions.size()));
    addRegister(plan, action, node, target);
}

void Planner::dependOnReferences(CopyAction &action, const Node &node) const
{
    const RegistrySnapshot::Version &v = m_src.version(node.versionIndex);
    for (const registry::SchemaReference &ref : m_src.references(v)) {
        const QString context = m_src.context(m_src.subject(node.subjectIndex).context).name;
        const int s = m_src.findSubject(QualifiedSubject::parseRelative(ref.subject, context).toString());
        const int r = m_nodeOfVersion.value(findVersion(m_src, s, ref.version), -1);
        if (r >= 0 && m_registerOf.contains(r))
            action.dependsOn.append(m_registerOf.value(r));
    }
}

void Planner::addRegister(CopyPlan &plan, const CopyAction &action, const Node &node, const QString &target)
{
    m_registerOf.insert(m_nodeOfVersion.value(node.versionIndex), int(plan.actions.size()));
    m_writtenTargets.insert(target);
    plan.actions.append(action);
}

void Planner::decideVersions(CopyPlan &plan, const QSet<int> &purged)
{
    m_registerOf.clear();
    m_lastRegister.clear();
    m_writtenTargets.clear();
    for (int n : std::as_const(m_order)) {
        const Node &node = m_nodes.at(n);
        const QString target = targetOf(node);
        if (!m_keepIds) {
            decideNewIds(plan, node, target);
            continue;
        }
        int dstVersion =
            findVersion(m_dst, m_dst.findSubject(target), m_src.version(node.versionIndex).version);
        if (purged.contains(dstVersion))
            dstVersion = -1;
        decideKept(plan, node, target, dstVersion);
    }
}

// IMPORT where ids are kept: a context with no live subject goes into IMPORT as a whole (one change);
// in a context that holds live subjects only the subjects written to do. Entering IMPORT purges the
// scope's soft-deleted versions, which are then written again.
void Planner::planModes(CopyPlan &plan, QSet<int> *purged)
{
    QSet<QString> contexts;
    for (const QString &target : std::as_const(m_writtenTargets))
        contexts.insert(contextOfSubject(target));
    QStringList sorted(contexts.begin(), contexts.end());
    sorted.sort();
    auto purge = [&](int d) {
        if (d < 0)
            return;
        const RegistrySnapshot::Subject &subject = m_dst.subject(d);
        for (int v = subject.versionsBegin; v < subject.versionsBegin + subject.versionsCount; ++v) {
            if (m_dst.version(v).deleted)
                purged->insert(v);
        }
    };
    for (const QString &context : std::as_const(sorted)) {
        const ScopeMode mode = m_in.contextModes.value(context);
        if (isImport(mode.effective))
            continue;
        if (!contextHasLiveSubjects(context)) {
            plan.actions.append(makeAction(ActionKind::EnterImport, {}, contextScope(context)));
            plan.actions.append(makeAction(ActionKind::RestoreMode, {}, contextScope(context), mode.set));
            if (const int c = m_dst.findContext(context); c >= 0) {
                const RegistrySnapshot::Context &ctx = m_dst.context(c);
                for (int s = ctx.subjectsBegin; s < ctx.subjectsBegin + ctx.subjectsCount; ++s)
                    purge(s);
            }
            continue;
        }
        QStringList targets;
        for (const QString &target : std::as_const(m_writtenTargets)) {
            if (contextOfSubject(target) == context)
                targets << target;
        }
        targets.sort();
        for (const QString &target : std::as_const(targets)) {
            const ScopeMode subjectMode = m_in.subjectModes.value(target);
            if (isImport(subjectMode.set.isEmpty() ? mode.effective : subjectMode.set))
                continue;
            const int d = m_dst.findSubject(target);
            CopyAction enter = makeAction(ActionKind::EnterImport, {}, target);
            enter.force = d >= 0 && !m_dst.subject(d).deleted;
            plan.actions.append(enter);
            plan.actions.append(makeAction(ActionKind::RestoreMode, {}, target, subjectMode.set));
            purge(d);
        }
    }
}

void Planner::planSettings(CopyPlan &plan)
{
    QSet<QString> seen;
    for (const Node &node : std::as_const(m_nodes)) {
        const QString subject = m_src.qualifiedName(node.subjectIndex);
        if (!node.selected || seen.contains(subject))
            continue;
        seen.insert(subject);
        const SubjectSettings source = m_in.sourceSettings.value(subject);
        const QString target = targetOf(node);
        const SubjectSettings destination = m_in.destinationSettings.value(target);
        if (!source.compatibility.isEmpty() && source.compatibility != destination.compatibility)
            plan.actions.append(
                makeAction(ActionKind::SetCompatibility, subject, target, source.compatibility));
        if (!source.mode.isEmpty() && source.mode != destination.mode)
            plan.actions.append(makeAction(ActionKind::SetMode, subject, target, source.mode));
    }
}

CopyPlan Planner::run()
{
    CopyPlan plan;
    plan.source = m_in.source;
    plan.mapping = m_in.mapping;
    m_keepIds = m_in.options.keepIds && m_in.importUnavailable.isEmpty();
    plan.idsKept = m_keepIds;
    if (m_in.options.keepIds && !m_in.importUnavailable.isEmpty()) {
        plan.notes << u"Ids cannot be kept: %1."_s.arg(m_in.importUnavailable);
        if (!m_in.options.newIdsIfNeeded)
            plan.blocker = u"Ids cannot be kept on the destination (%1); copy with new ids to go on."_s.arg(
                m_in.importUnavailable);
        else
            plan.notes << u"Copying with the ids the destination assigns."_s;
    }
    const bool custom = m_in.mapping.contextType != diff::ContextType::None;
    if (custom && !m_in.destinationHasContexts)
        plan.blocker = u"The destination has no contexts: copy into its default context."_s;
    collectNodes();
    orderNodes();
    if (!m_cycle.isEmpty()) {
        plan.blocker = u"References form a cycle: %1."_s.arg(m_cycle);
        return plan;
    }
    if (m_pulledIn > 0)
        plan.notes << u"%1 referenced versions of subjects not selected are copied too."_s.arg(m_pulledIn);
    indexDestinationIds();
    CopyPlan versions;
    decideVersions(versions, {});
    if (m_keepIds) {
        CopyPlan modes;
        QSet<int> purged;
        planModes(modes, &purged);
        if (!purged.isEmpty()) {
            versions = {};
            decideVersions(versions, purged);
            modes = {};
            planModes(modes, &purged);
            plan.notes << u"Entering IMPORT purges %1 soft-deleted versions at the destination; they are "
                          "written again where the source has them."_s.arg(purged.size());
        }
        for (const CopyAction &a : std::as_const(modes.actions)) {
            if (a.kind == ActionKind::EnterImport)
                plan.actions.append(a);
        }
        appendShifted(plan, versions.actions);
        for (const CopyAction &a : std::as_const(modes.actions)) {
            if (a.kind == ActionKind::RestoreMode)
                plan.actions.append(a);
        }
    } else {
        plan.actions.append(versions.actions);
        for (const QString &target : std::as_const(m_writtenTargets)) {
            const QString mode = m_in.contextModes.value(contextOfSubject(target)).effective;
            if (!mode.isEmpty() && mode.compare(u"READWRITE", Qt::CaseInsensitive) != 0) {
                plan.notes << u"%1 is in %2 mode: registrations without ids are refused there."_s.arg(
                    contextOfSubject(target), mode);
                break;
            }
        }
    }
    // Soft-deletes after every registration: a later version may be written while an earlier one exists.
    QList<CopyAction> deletes;
    for (int i = 0; i < plan.actions.size(); ++i) {
        const CopyAction &a = plan.actions.at(i);
        if (a.kind != ActionKind::Register || !m_src.version(a.versionIndex).deleted)
            continue;
        CopyAction d = makeAction(ActionKind::SoftDelete, a.subject, a.target);
        d.version = a.version;
        d.id = a.id;
        d.versionIndex = a.versionIndex;
        d.dependsOn = {i};
        d.reason = u"soft-deleted on the source"_s;
        deletes.append(d);
    }
    const auto restore = std::find_if(plan.actions.begin(), plan.actions.end(),
                                      [](const CopyAction &a) { return a.kind == ActionKind::RestoreMode; });
    plan.actions.insert(restore - plan.actions.begin(), deletes.size(), CopyAction{});
    std::copy(deletes.begin(), deletes.end(), plan.actions.begin() + (restore - plan.actions.begin()));
    if (m_in.options.copySettings)
        planSettings(plan);
    return plan;
}

QStringList Planner::destinationContexts()
{
    QSet<QString> contexts;
    for (const QString &name : CopyPlanner::selectedSubjects(m_src, m_in.mapping))
        contexts.insert(contextOfSubject(m_in.mapping.mapToB(name)));
    QStringList out(contexts.begin(), contexts.end());
    out.sort();
    return out;
}

QStringList Planner::subjectsNeedingModes()
{
    m_keepIds = m_in.options.keepIds && m_in.importUnavailable.isEmpty();
    if (!m_keepIds)
        return {};
    collectNodes();
    orderNodes();
    if (!m_cycle.isEmpty())
        return {};
    indexDestinationIds();
    CopyPlan versions;
    decideVersions(versions, {});
    QStringList out;
    for (const QString &target : std::as_const(m_writtenTargets)) {
        if (contextHasLiveSubjects(contextOfSubject(target)) && m_dst.findSubject(target) >= 0)
            out << target;
    }
    out.sort();
    return out;
}

} // namespace

QString actionKindName(ActionKind kind)
{
    static constexpr registry::EnumNames<ActionKind::SetMode> names(
        {u"enter IMPORT", u"register", u"skip", u"conflict", u"soft-delete", u"restore mode",
         u"set compatibility", u"set mode"});
    return names.name(kind);
}

QString CopyAction::describe() const
{
    switch (kind) {
    case ActionKind::EnterImport:
        return u"IMPORT mode on %1%2"_s.arg(target.isEmpty() ? u"the default context"_s : target,
                                            force ? u" (forced: it holds subjects)"_s : QString());
    case ActionKind::RestoreMode:
        return u"%1 back to %2"_s.arg(target.isEmpty() ? u"the default context"_s : target,
                                      value.isEmpty() ? u"no mode of its own"_s : value);
    case ActionKind::Register:
        return id >= 0 && version > 0
                   ? u"register %1 v%2 as %3 with id %4"_s.arg(subject).arg(version).arg(target).arg(id)
                   : u"register %1 v%2 as %3"_s.arg(subject).arg(version).arg(target);
    case ActionKind::Skip:
        return u"skip %1 v%2: %3"_s.arg(subject).arg(version).arg(reason);
    case ActionKind::Conflict:
        return u"not written, %1 v%2: %3"_s.arg(subject).arg(version).arg(reason);
    case ActionKind::SoftDelete:
        return u"soft-delete %1 v%2"_s.arg(target).arg(value.isEmpty() ? QString::number(version) : value);
    case ActionKind::SetCompatibility:
        return u"compatibility of %1: %2"_s.arg(target, value);
    case ActionKind::SetMode:
        return u"mode of %1: %2"_s.arg(target, value);
    }
    return {};
}

int CopyPlan::count(ActionKind kind) const
{
    return int(std::count_if(actions.begin(), actions.end(),
                             [kind](const CopyAction &a) { return a.kind == kind; }));
}

int CopyPlan::writes() const
{
    return int(std::count_if(actions.begin(), actions.end(), [](const CopyAction &a) { return a.writes(); }));
}

int CopyPlan::modeChanges() const
{
    return count(ActionKind::EnterImport) + count(ActionKind::RestoreMode);
}

QString CopyPlan::summary() const
{
    QStringList parts;
    parts << u"%1 versions to register"_s.arg(count(ActionKind::Register));
    parts << u"%1 identical (skipped)"_s.arg(count(ActionKind::Skip));
    if (const int n = count(ActionKind::Conflict))
        parts << u"%1 conflicts (not written)"_s.arg(n);
    if (const int n = count(ActionKind::SoftDelete))
        parts << u"%1 soft-deletes"_s.arg(n);
    if (const int n = count(ActionKind::EnterImport))
        parts << u"IMPORT mode on %1 scope(s), restored afterwards"_s.arg(n);
    if (const int n = count(ActionKind::SetCompatibility) + count(ActionKind::SetMode))
        parts << u"%1 settings"_s.arg(n);
    parts << (idsKept ? u"ids kept"_s : u"new ids"_s);
    return parts.join(u", ");
}

QString CopyPlan::toMarkdown() const
{
    QString out = u"# Copy plan\n\n"_s + summary() + u"\n\n"_s;
    if (!blocker.isEmpty())
        out += u"**Cannot start:** "_s + blocker + u"\n\n"_s;
    for (const QString &note : notes)
        out += u"- "_s + note + u'\n';
    out += u"\n| # | action | detail |\n|---|---|---|\n"_s;
    for (int i = 0; i < actions.size(); ++i)
        out += u"| %1 | %2 | %3 |\n"_s.arg(i + 1).arg(actionKindName(actions.at(i).kind),
                                                      actions.at(i).describe());
    return out;
}

QList<registry::SchemaReference> mapReferences(const QList<registry::SchemaReference> &references,
                                               const diff::SubjectMapping &mapping)
{
    QList<registry::SchemaReference> out = references;
    for (registry::SchemaReference &reference : out) {
        if (reference.subject.startsWith(u':'))
            reference.subject = mapping.mapToB(reference.subject);
    }
    return out;
}

QString importUnavailableReason(const registry::ServerCapabilities &capabilities)
{
    using registry::ServerFlavor;
    using registry::Support;
    switch (capabilities.flavor) {
    case ServerFlavor::Apicurio:
        return u"Apicurio assigns its own ids and does not enforce IMPORT mode"_s;
    case ServerFlavor::Karapace:
        return u"Karapace refuses an id in a registration and its mode cannot be changed"_s;
    case ServerFlavor::Redpanda:
        return u"Redpanda allows IMPORT only where no schema was ever registered, and keeping ids there "
               "is not verified"_s;
    default:
        break;
    }
    if (capabilities.modes == Support::No || capabilities.modeChanges == Support::No)
        return u"the destination's mode cannot be changed to IMPORT"_s;
    if (capabilities.modesEnforced == Support::No)
        return u"the destination does not enforce modes, so it assigns its own ids"_s;
    return {};
}

QString contextScope(const QString &context)
{
    return context == QualifiedSubject::defaultContext ? QString() : QualifiedSubject::contextPrefix(context);
}

CopyPlan CopyPlanner::plan(const PlanInput &input)
{
    return Planner(input).run();
}

QStringList CopyPlanner::subjectsNeedingModes(const PlanInput &input)
{
    return Planner(input).subjectsNeedingModes();
}

QStringList CopyPlanner::destinationContexts(const PlanInput &input)
{
    return Planner(input).destinationContexts();
}

QStringList CopyPlanner::selectedSubjects(const RegistrySnapshot &source, const diff::SubjectMapping &mapping)
{
    QStringList out;
    for (int s = 0; s < source.subjectCount(); ++s) {
        const QString name = source.qualifiedName(s);
        if (mapping.selects(name))
            out << name;
    }
    return out;
}

} // namespace sd::transfer
