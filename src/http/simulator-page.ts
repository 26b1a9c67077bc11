/** The simulator's single page: plain HTML; its style and script are files of src/http/assets (CSP: nothing inline). */
export const SIMULATOR_PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cầu Nối — thử trò chuyện với bot</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/simulator/simulator.css">
</head>
<body>
<header>
  <h1>Cầu Nối — thử trò chuyện</h1>
  <label>Vai trò: <select id="persona" aria-label="Chọn người trò chuyện"></select></label>
</header>
<main>
  <div id="log" aria-live="polite"></div>
  <div class="hint">Đây là bản thử: bot trả lời đúng như trên Telegram, không có tin nhắn nào được gửi ra ngoài.</div>
  <form id="send">
    <input type="text" id="text" placeholder="Nhập tin nhắn…" autocomplete="off" aria-label="Tin nhắn">
    <label class="file" title="Gửi tệp">📎<input type="file" id="file"></label>
    <button type="submit">Gửi</button>
  </form>
</main>
<script src="/simulator/simulator.js"></script>
</body>
</html>`;
