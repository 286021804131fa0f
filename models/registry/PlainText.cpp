#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sd::registry {

QString plainToolTip(const QString &text)
{
    // Qt::mightBeRichText looks for a tag or "&lt;"; without '<' and '&' nothing can be taken for markup.
    if (!text.contains(u'<') && !text.contains(u'&'))
        return text;
    return u"<p style=\"white-space:pre-wrap\">"_s + text.toHtmlEscaped() + u"</p>"_s;
}

} // namespace sd::registry
