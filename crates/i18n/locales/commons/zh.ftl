# 共享资源：批量导入、从历史中移除文件、在页面上删除。
ledger-kind-commons-file-purged = 已从仓库历史中移除文件
err-commons-message = 请填写提交说明。
err-commons-purge-path = 该仓库的任何版本在此路径下都没有文件。
commons-danger = 删除
commons-delete-repo = 删除仓库
commons-delete-repo-help = 这将永久删除该仓库及其全部历史、分支和标签。其发布记录仍保留在账本中。
commons-delete-confirm = 输入 { $name } 以确认
err-commons-delete-confirm = 请准确输入仓库名称以确认。
commons-delete-branch = 删除分支
commons-delete-tag = 删除标签
commons-repo-deleted = 仓库已删除。
