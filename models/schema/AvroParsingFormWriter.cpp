#include "schema/AvroParsingFormWriter.h"

#include "schema/AvroWriterSupport_p.h"

namespace sd::schema {

void AvroParsingFormWriter::write(const AvroNode *n, QString &out)
{
    if (writeAvroComposite(n, out, [&](const AvroNode *e) { write(e, out); }))
        return;
    if (!isNamedAvroType(n->type)) {
        writeAvroTypeName(n->type, out);
        return;
    }
    if (writeAvroFullNameIfSeen(n, m_seen, out))
        return;
    writeAvroFullNameAndType(n, out);
    if (n->type == AvroType::Record)
        writeAvroFields(n, out, [&](const AvroField &f) { write(f.type, out); });
    else if (n->type == AvroType::Enum)
        writeAvroSymbols(n, out);
    else
        writeAvroSize(n, out);
    out.append(u'}');
}

} // namespace sd::schema
