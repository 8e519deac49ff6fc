# WAICO 界面 — 简体中文。每条消息都必须在 ar、zh、fr、ru、es 中存在。
# 复数形式使用 PLURAL($count)，其 CLDR 类别取自 ICU4X；中文只需 other。

brand-long = WAICO — 世界人工智能合作组织
skip-to-content = 跳至正文
nav-label = 主导航
nav-members = 成员
nav-institutions = 机构
nav-api = API
nav-admin = 秘书处
nav-signin = 登录
nav-signout = 退出登录
lang-switcher = 语言
footer-text = WAICO 是服务于开放、多边人工智能合作的开源软件。任何成员都可以运行自己的节点。

home-title = 世界人工智能合作组织
home-lead = 一个开放平台，供各国协调人工智能的发展与治理：共同的规则框架、公开的审议、可核验的公共记录、共享的模型与数据，以及公平获取算力和人才的机会——全球南方优先。
home-figures = 本组织数据一览
home-global-south-share = 的会员国属于全球南方
home-parts = 平台功能
home-newest = 最新成员
home-all-members = 全部会员国
part-members = 成员
part-members-text = 国家、机构和个人及其角色。“全球南方”身份依据世界银行收入组别推定，从不手工填写。
part-framework = 框架
part-framework-text = 各国人工智能规则以机器可读的规则包形式呈现，并与统一的控制目录逐项对应。
part-deliberation = 审议
part-deliberation-text = 会员国的提案、磋商和表决，所作决定即时生效。
part-commons = 公共资源
part-commons-text = 开放的模型、数据集和工具，可用研究人员已在使用的客户端下载。
part-capacity = 能力交流
part-capacity-text = 公平分配捐赠的算力，并为研究人员匹配研究金项目。
part-safety = 安全
part-safety-text = 成员之间按 TLP 标签共享人工智能事件报告和威胁信息。

members-count = { PLURAL($count) ->
   *[other] { $count } 个会员国
}
members-count-label = { PLURAL($count) ->
   *[other] 会员国
}
observers-count-label = { PLURAL($count) ->
   *[other] 观察员
}
institutions-count-label = { PLURAL($count) ->
   *[other] 机构
}
regions-count-label = { PLURAL($count) ->
   *[other] 世界区域
}
members-found = { PLURAL($count) ->
   *[other] 找到 { $count } 个国家
}
institutions-found = { PLURAL($count) ->
   *[other] 找到 { $count } 个机构
}
page-number = 第 { $count } 页

members-title = 会员国
filters = 筛选
search-name = 名称或代码
any = 全部
yes = 是
no = 否
apply-filters = 应用
pagination = 分页
page-prev = 上一页
page-next = 下一页
none-yet = 暂无。
names-in-six = 联合国六种语文的名称
delegates = 代表
global-south-derived = 依据收入组别推定
actions = 操作
edit = 编辑
delete = 删除
save = 保存

field-name = 名称
field-code = 代码
field-region = 区域
field-income-group = 收入组别
field-global-south = 全球南方
field-status = 状态
field-since = 起始日期
field-un-member = 联合国会员国
field-kind = 类型
field-country = 国家
field-website = 网站
field-registered = 注册日期
field-username = 用户名
field-password = 密码
field-email = 电子邮件
field-display-name = 显示名称
field-language = 语言
field-roles = 角色
field-role = 角色
field-scope = 范围
field-scope-hint = 范围（会员国代表填写国家代码，机构代表填写机构 ID）
field-current-password = 当前密码
field-new-password = 新密码
field-token-name = 令牌名称
field-token-days = 有效期（天）
field-expires = 到期日期

status-member = 成员
status-observer = 观察员
status-suspended = 资格已暂停
status-none = 非成员

income-low = 低收入
income-lower-middle = 中等偏下收入
income-upper-middle = 中等偏上收入
income-high = 高收入
income-unclassified = 未分类

kind-government-agency = 政府机构
kind-university = 大学
kind-research-institute = 研究所
kind-company = 公司
kind-ngo = 非政府组织
kind-standards-body = 标准化机构

role-secretariat-admin = 秘书处管理员
role-delegate = 会员国代表
role-institution-rep = 机构代表
role-researcher = 研究人员

region-0 = —
region-2 = 非洲
region-19 = 美洲
region-142 = 亚洲
region-150 = 欧洲
region-9 = 大洋洲
region-10 = 南极洲
region-15 = 北非
region-202 = 撒哈拉以南非洲
region-419 = 拉丁美洲和加勒比
region-21 = 北美
region-143 = 中亚
region-30 = 东亚
region-35 = 东南亚
region-34 = 南亚
region-145 = 西亚
region-151 = 东欧
region-154 = 北欧
region-39 = 南欧
region-155 = 西欧
region-53 = 澳大利亚和新西兰
region-54 = 美拉尼西亚
region-57 = 密克罗尼西亚
region-61 = 波利尼西亚

institutions-title = 机构
institution-new = 登记机构
institution-edit = 编辑机构

signin-title = 登录
signin-button = 登录
account-title = 您的账户
account-profile = 个人资料
account-password = 密码
account-change-password = 修改密码
account-tokens = API 令牌
token-create = 创建令牌
token-shown-once = 请立即复制此令牌：它不会再次显示。
token-revoke = 撤销
token-revoked = 已撤销
token-active = 有效
scope-read = 只读
scope-write = 读写
notice-saved = 已保存。

admin-title = 秘书处
admin-memberships = 各国成员资格
admin-new-user = 新用户
admin-create-user = 创建用户
admin-users = 用户
admin-grant = 授予角色
admin-revoke = 撤销
admin-reset-password = 设置密码

api-docs-title = API 参考
api-docs-lead = 本节点的 JSON API。其机器可读说明为 OpenAPI 3.1 文档，地址为
api-docs-auth = 修改数据的路由需要 API 令牌（可在账户页面创建），并按以下格式发送：
api-needs-token = 需令牌
api-parameter = 参数
api-in = 位置
api-description = 说明
api-body = 请求正文

form-has-errors = 请更正下方标出的字段。
err-required = 此字段为必填项。
err-length = 该值过短或过长。
err-control-chars = 不允许使用控制字符。
err-invalid-choice = 请从所列值中选择一项。
err-invalid-date = 请按 YYYY-MM-DD 格式输入日期。
err-invalid-url = 请输入以 https:// 或 http:// 开头的网址。
err-invalid-email = 请输入有效的电子邮件地址。
err-username-chars = 请使用 3 至 32 个字符，限小写英文字母、数字、点、连字符或下划线，并以字母开头。
err-password-length = 密码长度须为 10 至 256 个字符。
err-unknown-country = 这不是已知的 ISO 3166-1 国家代码。
err-unknown-institution = 不存在此 ID 的机构。
err-scope-country = 会员国代表须提供其所代表国家的代码。
err-scope-institution = 机构代表须提供其所属机构的 ID。
err-taken = 该值已被占用。
err-token-days = 请选择 1 天至本节点上限之间的有效期。
err-wrong-password = 当前密码不正确。
err-csrf = 此表单已过期，请重新提交。
err-signin-missing = 请输入用户名和密码。
err-signin-failed = 用户名或密码不正确。
err-signin-locked = 失败次数过多：此账户已被暂时锁定。
err-invalid-json = 请求正文与预期字段不符。
err-invalid-query = 查询参数无效。
err-range = 该值超出范围。

error-home-link = 返回首页
error-404-title = 找不到页面
error-404-text = 此地址没有内容。页面可能已移动，或链接有误。
error-403-title = 无权访问
error-403-text = 您的账户不具备执行此操作所需的角色。
error-413-title = 内容过大
error-413-text = 您发送的内容超过了此服务器允许的大小。
error-400-title = 无法理解请求
error-400-text = 服务器无法理解此请求。请检查后重试。
error-500-title = 出现问题
error-500-text = 服务器遇到意外问题，请求未完成；请稍后重试。

## Framework & assessment
nav-frameworks = 框架
nav-systems = 人工智能系统
fw-title = 治理框架
fw-intro = 各国和国际人工智能规则以带版本、机器可读的要求树呈现，并逐条映射到统一控制目录。
fw-col-name = 名称
fw-col-jurisdiction = 法域
fw-col-version = 版本
fw-col-requirements = 要求
fw-col-status = 状态
fw-col-rules = 规则
fw-controls-title = 统一控制目录
fw-controls-intro = WAICO 的共同框架：各国要求均映射到的一套控制项。
fw-mapped-requirements = 项国家要求
fw-maps-to = 映射到
fw-official-text = 官方文本
fw-export = 导出
fw-packs-title = 法域规则包
fw-packs-intro = 各法域的适用规则，以及由此产生的风险等级和义务。
fw-relationship = 关系
fw-satisfies = 此控制项满足的国家要求
fw-upload = 载入文档
fw-upload-intro = 粘贴 YAML 格式的框架、CISO Assistant 库、对照表或规则包。系统将完整校验；若有任何错误，则不做任何更改。
fw-upload-kind = 文档类型
fw-upload-file-name = 文件名（用于错误信息）
fw-upload-source = YAML
fw-upload-rejected = 文档被拒绝，未做任何更改。发现的问题（文件:行: 原因）：
fw-kind-framework = 框架（WAICO YAML）
fw-kind-ciso-assistant = 框架（CISO Assistant 库）
fw-kind-crosswalk = 对照表
fw-kind-rulepack = 规则包
fw-status-in-force = 已生效
fw-status-adopted-not-yet-applicable = 已通过，尚未适用
fw-status-draft = 草案
fw-status-voluntary = 自愿性
sys-title = 人工智能系统
sys-intro = 已登记的人工智能系统，每个系统一次性对照所有法域进行评估。
sys-new = 登记人工智能系统
sys-updated = 更新时间
sys-field-id = 标识符（小写字母、数字、-）
sys-field-name = 名称
sys-field-description = 描述
sys-field-provider = 提供者
sys-field-jurisdictions = 部署法域（代码，如 EU、CN、US-CO、BR）
sys-field-purposes = 用途
sys-field-capabilities = 能力
sys-field-affected = 受影响人员
sys-field-public-facing = 面向公众提供
sys-field-gpai = 通用人工智能模型
sys-field-users = 用户数量
sys-field-compute = 训练算力（FLOP，例如 3e25）
sys-field-licence = 开源许可证
sys-field-institution = 机构编号（可选）
sys-field-yaml = 或粘贴完整的 YAML 档案（将替代上述字段）
sys-register = 登记并评估
sys-err-id = 请使用 1 至 80 个小写字母、数字、点、连字符或下划线。
sys-err-jurisdictions = 请输入以逗号分隔的代码，如 EU、CN、BR 或 US-CO。
sys-err-number = 请输入非负数。
sys-err-profile = 档案有错误（文件:行: 原因）：
sys-profile = 档案
sys-assess = 重新评估
sys-no-assessment = 该系统尚未评估。
sys-report = 评估报告
sys-formats = 下载
sys-packs-used = 所用规则包
sys-applies = 是否适用
sys-applies-yes = 是
sys-applies-no = 否
sys-risk-class = 风险等级
sys-obligations = 义务
sys-col-citation = 条款
sys-col-requirement = 要求
sys-col-bearer = 义务主体
sys-col-from = 适用日期
sys-col-deadline = 期限（天）
sys-non-binding = 不具约束力
sys-status-met = 已满足
sys-status-missing = 缺失
sys-status-unknown = 未知
sys-provenance = 触发的规则及其读取的档案字段
sys-undetermined = 无法确定，缺少字段
sys-unified = 统一视图
sys-unified-intro = 覆盖所有法域全部义务的最小统一控制集：一份证据可服务多个国家。
sys-uncovered = 未覆盖
sys-evidence = 证据
sys-discharges = 履行的义务数
sys-divergences = 法域之间的差异
sys-imposed-by = 要求方
sys-not-imposed-by = 不要求方
sys-strictest = 最严格
## Ledger
nav-ledger = 账本
ledger-title = 治理账本
ledger-intro = 每一项治理决定都记录在这份只可追加的公开日志中。任何人都可以核实没有任何条目被修改、删除或重新排序。
ledger-checkpoint = 最新签名检查点
ledger-origin = 日志来源
ledger-tree-size = 树大小
ledger-root = 根哈希
ledger-public-key = 本节点公钥
ledger-witnesses = 见证方
ledger-no-witnesses = 尚无见证方联署此检查点。
ledger-note = 签名说明
ledger-verify-cli = 独立验证整个日志：
ledger-entries = 条目
ledger-kind = 类型
ledger-no-entries = 没有条目。
ledger-index = 序号
ledger-time = 时间
ledger-actor = 行为方
ledger-subject = 对象
ledger-newest = 最新条目
ledger-older = 更早条目
ledger-entry = 条目
ledger-back = 全部账本条目
ledger-leaf-hash = 叶哈希
ledger-record = 记录
ledger-canonical = 规范字节（RFC 8785）
ledger-proof = 包含证明
ledger-proof-none = 此条目尚未被签名检查点覆盖。请几秒钟后再来。
ledger-verify-button = 在浏览器中验证
ledger-verify-ok = 已验证：此记录包含在签名检查点中。
ledger-verify-bad = 验证失败：记录或其证明无法得出检查点的根哈希。
ledger-verify-nojs = 浏览器验证需要 JavaScript 和安全页面（HTTPS 或 localhost）。
ledger-kind-member-admitted = 接纳成员
ledger-kind-member-status-changed = 成员状态变更
ledger-kind-framework-version-adopted = 通过框架版本
ledger-kind-rulepack-version-adopted = 通过规则包版本
ledger-kind-commons-release-published = 发布共享资源版本
ledger-kind-generic = 其他决定
