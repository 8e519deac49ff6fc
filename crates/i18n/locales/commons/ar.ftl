# الموارد المشتركة: الاستيراد بالجملة، وإزالة ملف من السجل، والحذف من الصفحات.
ledger-kind-commons-file-purged = إزالة ملف من سجل مستودع
err-commons-message = اكتب رسالة الإيداع.
err-commons-purge-path = لا توجد أي مراجعة لهذا المستودع تحوي ملفًا في هذا المسار.
commons-danger = الحذف
commons-delete-repo = حذف المستودع
commons-delete-repo-help = يُحذف المستودع نهائيًا مع كامل سجله وفروعه ووسومه. تبقى إصداراته في السجل العام.
commons-delete-confirm = اكتب { $name } للتأكيد
err-commons-delete-confirm = اكتب اسم المستودع كما هو تمامًا للتأكيد.
commons-delete-branch = حذف الفرع
commons-delete-tag = حذف الوسم
commons-repo-deleted = حُذف المستودع.
