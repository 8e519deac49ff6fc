# 系统义务的合规工作（页面 /systems/{id}/work 和 /work）。
work-title = 合规工作
work-link = 合规工作：负责人、截止日期、证据
work-intro = 最新评估中的每项义务都可以指派给一个人并设定截止日期，由其完成并以证据文件记录，再由未提交该证据的审核人签字确认。
work-dashboard-title = 未完成的合规工作
work-dashboard-intro = 您可查看的未完成事项，统计日期：
work-calendar = 以日历形式查看截止日期（iCalendar）
work-assign = 指派
work-obligations = 义务
work-field-obligation = 义务
work-field-assignee = 负责人（用户名）
work-field-due = 截止日期
work-field-status = 状态
work-field-comment = 备注
work-field-file = 证据文件
work-col-assessed = 评估结果
work-not-assessed = 已不在最新评估中
work-nobody = 尚未指派
work-overdue = 已逾期
work-due-soon = 30 天内到期
work-due-30 = 30 天内到期
work-open = 未完成
work-move = 记录此步骤
work-evidence-add = 附加证据
work-item-status-open = 待处理
work-item-status-in-progress = 进行中
work-item-status-submitted = 已提交审核
work-item-status-accepted = 已接受
work-item-status-returned = 已退回
work-history = 历史记录
work-history-none = 尚无任何记录。
work-kind-assigned = 指派
work-kind-status = 步骤
work-kind-comment = 备注
work-kind-evidence = 证据
work-diff = 与上一次评估相比的变化
work-diff-none = 没有可供比较的早先评估。
work-diff-same = 没有任何变化。
work-diff-added = 新增义务
work-diff-removed = 不再适用的义务
work-diff-status = 结论有变化
work-diff-class = 风险等级
work-mine = 指派给您的事项
work-mine-none = 目前没有指派给您的事项。
work-by-institution = 按机构
work-by-state = 按国家
work-group = 机构或国家
work-err-step = 从该事项的当前状态无法进行此步骤。
work-err-no-evidence = 提交审核前请至少附加一个证据文件。
work-err-no-comment = 退回事项时请在备注中说明原因。
work-err-file-empty = 请选择文件；文件不能为空。
work-err-file-too-large = 文件超过了证据文件允许的大小。
work-err-file-type = 此类文件不能作为证据：请使用 PDF、图片、Office 或 OpenDocument 文件、ZIP 压缩包或文本。
work-err-file-content = 文件内容与其类型不符。
work-err-obligation = 请选择最新评估中的一项义务。
work-err-assignee = 没有使用此用户名的有效用户。
work-err-date = 请按 YYYY-MM-DD 格式输入日期。
work-err-comment-long = 备注过长（最多 4000 个字符）。

# 超过节点上限的上传（API 413 问题）。
err-upload-too-large = 上传的文件超过了本节点接受的大小。

# The framework upload form’s file picker.
fw-upload-choose = 以文件形式提供文档（或粘贴在下方）
fw-err-upload-text = 所选文件不是 UTF-8 文本。
fw-kind-ciso-mapping-set = 映射集（CISO Assistant 库）
fw-upload-jurisdiction = 法域
fw-upload-jurisdiction-help = CISO Assistant 框架库不说明其规则属于哪个法域：请选择加载它所适用的法域。其他文档自带法域。
fw-jurisdiction-intl = 国际（INTL）
fw-jurisdiction-known = 已加载框架的法域
fw-jurisdiction-countries = 国家（ISO 3166-1）
fw-err-jurisdiction = 请选择已加载框架的法域、两个字母的 ISO 3166-1 国家代码或 INTL。
fw-err-jurisdiction-kind = 只有 CISO Assistant 框架库需要指定法域；此文档自带法域。

## The law in its own language, under a requirement on a framework page
fw-law-text = 官方文本（{ $language }）
fw-law-title = 原文标题（{ $language }）
