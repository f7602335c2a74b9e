{{%AUTOESCAPE context="HTML"}}<div class="table-responsive">
<table class="table table-hover align-middle torrent-table"{{#SELECTABLE}} data-selectable{{/SELECTABLE}} data-list-api="{{LIST_API}}" data-page="{{PAGE}}" data-has-next="{{HAS_NEXT}}" data-total-count="{{TOTAL_COUNT_RAW}}">
  <thead>
    <tr>
      {{#SELECTABLE}}<th scope="col" class="select-cell"><span class="visually-hidden">{{T_SELECT}}</span></th>{{/SELECTABLE}}
      {{#HEADER}}<th scope="col"{{#NUMERIC}} class="text-end"{{/NUMERIC}}{{#SORTABLE}} data-sort-key="{{SORT_KEY}}" data-default-order="{{DEFAULT_ORDER}}"{{#ARROW}} aria-sort="{{ARIA_SORT}}"{{/ARROW}}{{/SORTABLE}}>{{#SORTABLE}}<a href="{{SORT_URL}}" class="link-body-emphasis text-decoration-none">{{LABEL}}{{#ARROW}} <span aria-hidden="true">{{ARROW_CHAR}}</span><span class="visually-hidden">({{ARROW_TEXT}})</span>{{/ARROW}}</a>{{/SORTABLE}}{{#PLAIN}}{{LABEL}}{{/PLAIN}}</th>{{/HEADER}}
    </tr>
  </thead>
  <tbody data-rows>
    {{#ROW}}<tr>
      {{#SELECTABLE}}<td class="select-cell"><input class="form-check-input" type="checkbox" name="id" value="{{ID}}" form="selection-form" aria-label="{{T_SELECT}} {{FILENAME}}"></td>{{/SELECTABLE}}
      <td class="name-cell" data-label="{{L_NAME}}"><a href="{{DETAIL_URL}}" class="torrent-name">{{FILENAME}}</a>{{#ERROR}}<div class="small text-danger">{{ERROR_TEXT}}</div>{{/ERROR}}</td>
      <td data-label="{{L_STATUS}}"><span class="badge status-badge status-{{BADGE}}" title="{{STATUS}}" data-status="{{STATUS}}">{{STATUS_TEXT}}</span></td>
      <td class="text-end text-nowrap" data-label="{{L_SIZE}}">{{SIZE}}</td>
      <td class="progress-cell" data-label="{{L_PROGRESS}}"><progress max="100" value="{{PROGRESS}}" aria-label="{{T_PROGRESS}}">{{PROGRESS}}%</progress> <span class="small text-body-secondary">{{PROGRESS}}%</span></td>
      <td class="text-nowrap small" data-label="{{L_ADDED}}"><time datetime="{{ADDED_ISO}}">{{ADDED}}</time></td>
    </tr>{{/ROW}}
    {{#EMPTY}}<tr data-empty><td colspan="{{COLUMNS}}" class="text-center text-body-secondary py-4">{{EMPTY_TEXT}}</td></tr>{{/EMPTY}}
  </tbody>
</table>
</div>
<div class="list-more text-center text-body-secondary small py-3" data-list-more hidden aria-live="polite"></div>
{{#PAGINATION}}<nav aria-label="{{T_PAGES}}" class="d-flex flex-wrap align-items-center gap-2" data-pagination>
  <ul class="pagination mb-0">
    {{#PAGE_LINK}}<li class="page-item{{#DISABLED}} disabled{{/DISABLED}}{{#CURRENT}} active{{/CURRENT}}">{{#LINK}}<a class="page-link" href="{{URL}}"{{#REL}} rel="{{REL_VALUE}}"{{/REL}}>{{TEXT}}</a>{{/LINK}}{{#NOLINK}}<span class="page-link"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{TEXT}}</span>{{/NOLINK}}</li>{{/PAGE_LINK}}
  </ul>
  <span class="text-body-secondary small">{{T_PAGE}} {{PAGE}} {{T_OF}} {{TOTAL_PAGES}} · {{TOTAL_COUNT}} {{T_TORRENTS_LC}}</span>
</nav>{{/PAGINATION}}
