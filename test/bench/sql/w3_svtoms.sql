-- W3, svtoms: every tender evaluated through the bid_evaluation view.
SELECT tender_id, bid_id, benefit, harm, missing, excluded, total_points, rank
FROM svtoms.bid_evaluation;
