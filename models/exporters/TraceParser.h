#pragma once

#include <QString>
#include <QStringList>

namespace sd::exporters {

// An exporter's status trace split into what a person reads first and the stack they rarely need.
// Confluent's exporters put a Java exception there: "…RestClientException: <message>; error code: N"
// followed by "\tat …" frames; the sandbox writes the same shape.
struct ParsedTrace
{
    QString headline;       // the first line, as sent
    QString exceptionClass; // "io.confluent….RestClientException" (empty when there is none)
    QString message;        // the exception's message without the class and the error code
    int errorCode = 0;      // Confluent error code ("; error code: 42205"), 0 when absent
    QStringList stack;      // the remaining lines ("at …", "Caused by: …"), trimmed, blanks dropped

    bool isEmpty() const { return headline.isEmpty(); }
    // The short class name ("RestClientException").
    QString exceptionName() const;
};

ParsedTrace parseTrace(const QString &trace);

} // namespace sd::exporters
