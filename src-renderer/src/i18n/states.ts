/**
 * What the app says about its own state (network, sources that do not answer, the first sync,
 * a browser link that no longer works), merged into the main catalogues. Plain objects, free of
 * Vue: the page's first script shows the expired-link page before the app has loaded.
 */
export const statesZh = {
  states: {
    unreachable: '数据源无法连接',
    unreachableCount: '{n} 个数据源无法连接',
    unreachableTitle: '服务器没有应答的数据源',
    unreachableHint: '其余数据源照常工作。请确认这些数据源的服务器正在运行、接口地址正确，然后在「数据源」页点「测试连接」。',
    unreachableRow: '无法连接',
    unreachableRowHint: '服务器没有应答，自动同步暂停；服务器恢复后会自动继续。',
    firstSync: '正在同步订单（已完成 {percent}%），同步到的订单稍后显示在这里。',
    details: '详情',
    hideDetails: '收起',
    apiSaid: '接口返回的说明：{remote}',
    linkExpiredTitle: '链接已失效',
    linkExpired: '请在启动 OrderDesk 的终端里复制新的地址，在浏览器中重新打开。',
  },
}

export const statesEn: typeof statesZh = {
  states: {
    unreachable: 'Source unreachable',
    unreachableCount: '{n} sources unreachable',
    unreachableTitle: 'Sources whose server does not answer',
    unreachableHint:
      'The other sources work as usual. Check that these sources’ servers are running and their addresses are right, then click “Test connection” on the Sources page.',
    unreachableRow: 'Unreachable',
    unreachableRowHint: 'The server does not answer. Auto-sync waits and carries on once it answers again.',
    firstSync: 'Syncing orders ({percent}% done); they appear here shortly.',
    details: 'Details',
    hideDetails: 'Hide',
    apiSaid: 'The API said: {remote}',
    linkExpiredTitle: 'This link no longer works',
    linkExpired: 'Copy the new address from the terminal where OrderDesk was started, and open it in the browser.',
  },
}
