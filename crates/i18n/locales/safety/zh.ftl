# 安全：人工智能事件与漏洞报告（中文）。
safety-nav = 安全
safety-title = 安全报告
safety-lead = 成员报告的人工智能事件与漏洞，按交通灯协议（TLP 2.0）共享：您只能看到标记允许您看到的内容。
safety-new = 报告事件或漏洞
safety-statistics = 安全统计
safety-feed = 公开报告的 Atom 订阅源
safety-export = 导出您可见的内容
safety-search = 搜索报告
safety-harm-type = 危害类型
safety-sector = 行业
safety-country = 国家
safety-country-code = 国家（ISO 两字母代码）
safety-state = 状态
safety-tlp = TLP 标记
safety-report = 报告
safety-reports = 报告数
safety-submitted = 提交时间
safety-found = { PLURAL($count) ->
   *[other] 您可见的报告共 { $count } 份
}
safety-stats-total = { PLURAL($count) ->
   *[other] 基于您可见的 { $count } 份报告统计。
}
safety-by-harm = 按危害类型统计的报告
safety-by-sector = 按行业统计的报告
safety-by-region = 按地区统计的报告
safety-by-month = 按月份统计的报告
safety-region = 地区
safety-month = 月份
safety-duties = 法定报告义务
safety-deadline-warning = 法定报告期限即将届满或已经逾期：请立即向主管机关报告。
safety-citation = 条款
safety-bearer = 报告义务人
safety-authority = 报告对象
safety-due = 截止时间
safety-countdown = 剩余时间
safety-immediately = 立即
safety-hours-left = { PLURAL($count) ->
   *[other] 剩余 { $count } 小时
}
safety-hours-late = { PLURAL($count) ->
   *[other] 逾期 { $count } 小时
}
safety-date = 事件日期
safety-deployers = 涉嫌部署者
safety-developers = 涉嫌开发者
safety-harmed = 涉嫌受害方
safety-systems = 涉及的人工智能系统
safety-repos = 涉及的共享资源库
safety-assignees = 负责人
safety-sources = 来源
safety-comments = 评论
safety-comment = 评论内容
safety-add-comment = 添加评论
safety-community = 社群（用于 TLP:AMBER）
safety-recipients = 接收人用户名（用于 TLP:RED，以逗号分隔）
safety-workflow = 处理流程
safety-step = 步骤
safety-reason = 理由（驳回时填写）
safety-apply = 执行
safety-assign-to = 指派给（用户名）
safety-assign = 指派
safety-merge-into = 重复于报告（编号）
safety-merge = 作为重复报告合并
safety-history = 历史记录
safety-field-title = 标题
safety-description = 描述
safety-vulnerability = 这是一个漏洞（模型越狱、数据集投毒等）
safety-artifact = 受影响的模型、数据集或系统
safety-versions = 受影响的版本（以逗号分隔）
safety-source-url = 来源地址
safety-source-text = 来源文本或摘要
safety-severity = 严重程度
safety-stakeholder = 受影响的利益相关方
safety-system = 已登记的人工智能系统（其编号）
safety-repo = 共享资源库（例如 models/所有者/名称）
safety-legal-kind = 严重事件类型（用于法定期限）
safety-aware-at = 您获知该事件的日期
safety-submit = 提交报告
safety-state-submitted = 已提交
safety-state-triaged = 已分诊
safety-state-confirmed = 已确认
safety-state-mitigated = 已缓解
safety-state-closed = 已关闭
safety-state-rejected = 已驳回
safety-state-duplicate = 重复
safety-state-withdrawn = 已撤回
safety-step-triage = 分诊
safety-step-confirm = 确认
safety-step-mitigate = 标记为已缓解
safety-step-close = 关闭
safety-step-reject = 驳回
safety-step-reopen = 重新打开
safety-step-withdraw = 撤回
safety-kind-death = 人员死亡
safety-kind-serious-harm-to-health = 对人身健康造成严重损害
safety-kind-critical-infrastructure = 关键基础设施遭受严重且不可逆的中断
safety-kind-fundamental-rights = 违反保护基本权利的义务
safety-kind-property-or-environment = 对财产或环境造成严重损害
safety-kind-widespread-infringement = 大范围违法
safety-kind-algorithmic-discrimination = 算法歧视
safety-kind-illegal-generated-content = 生成违法内容
safety-bearer-provider = 提供者
safety-bearer-deployer = 部署者
safety-bearer-developer = 开发者
safety-bearer-network-operator = 网络运营者
safety-bearer-service-provider = 服务提供者
safety-ev-submitted = 已提交
safety-ev-assigned = 指派给
safety-ev-unassigned = 取消指派
safety-ev-commented = 已评论
safety-ev-merged = 合并至
safety-ev-absorbed = 接收了以下报告的来源
safety-err-invalid = 该值对安全报告无效。
safety-err-wrong-state = 报告的当前状态不允许此步骤。
safety-err-recipient = 没有使用此名称的用户。
safety-err-unknown-system = 没有使用此编号的已登记人工智能系统。
safety-incidents = 您可见的已报告事件
safety-no-incidents = 没有您可见的已报告事件。

# Marking changes and the EU report export
safety-err-not-legal = 此报告不是法律意义上的事件：未注明事件类型和知悉日期。
safety-err-no-eu-duty = 与此报告关联的系统均不适用欧盟第73条报告义务。
safety-err-system-not-linked = 此系统未与该报告关联。
safety-eu-report = 欧盟严重事件报告（JSON）
safety-eu-report-hint = 按欧盟委员会第73条模板格式；空白字段由提供者填写。
safety-marking-change = 更改标记
safety-marking-change-hint = 改为 TLP:CLEAR 时，报告的哈希值将发布到账本。更严格的标记自此隐藏报告；已发布的内容仍保持发布。
safety-marking-apply = 更改标记

# Deadline warnings by e-mail
safety-mail-subject = 报告期限：{ $title }
safety-mail-running = 事件“{ $title }”须依据 { $duty } 于 { $due } 前向 { $authority } 报告：剩余 { $hours } 小时。
safety-mail-immediately = 事件“{ $title }”须依据 { $duty } 立即向 { $authority } 报告。
safety-mail-overdue = 事件“{ $title }”依据 { $duty } 向 { $authority } 的报告应于 { $due } 提交：已逾期 { $hours } 小时。
safety-mail-link = 节点上的报告：
safety-err-no-report = 没有您可查看的此编号的报告。
